package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsengine.Message;
import org.junit.jupiter.api.Test;

class JsonCorrelationTest {
  record Balance(int id, String asset) {}

  record Named(@JsonProperty("reqId") String requestId) {}

  private final JsonCorrelation id = JsonCorrelation.field("id");

  @Test
  void readsTheFieldOfObjectsNodesTextAndMessages_numbersAndStringsAlike() {
    assertEquals("7", id.requestId(new Balance(7, "BTC")));
    assertEquals("7", id.requestId("{\"asset\":\"BTC\",\"id\":7}"));
    assertEquals("7", id.requestId(Message.text("{\"id\":\"7\"}")));
    assertEquals("x", id.requestId(JsonNodeFactory.instance.objectNode().put("id", "x")));
    assertEquals(
        "r1",
        JsonCorrelation.field("reqId", JsonMapper.builder().build()).requestId(new Named("r1")));
  }

  @Test
  void aReplysIdIsReadFromTheTopLevelOnly_skippingOtherValues() {
    assertEquals(
        "7",
        id.replyId(
            Message.text("{\"data\":{\"id\":99,\"list\":[1,{\"id\":3}]},\"id\":7,\"rest\":[}")));
    assertEquals("7.5", id.replyId(Message.text("{\"id\":7.5}")));
    assertEquals("abc", id.replyId(Message.text("{\"id\":\"abc\"}")));
  }

  @Test
  void whatCarriesNoIdIsNoReply() {
    assertNull(id.replyId(Message.text("{\"type\":\"tick\",\"data\":{\"id\":1}}")));
    assertNull(id.replyId(Message.text("{\"id\":null}")));
    assertNull(id.replyId(Message.text("{\"id\":{\"n\":1}}")));
    assertNull(id.replyId(Message.text("[1,2]")));
    assertNull(id.replyId(Message.text("not json")));
    assertNull(id.replyId(Message.text("")));
    assertNull(id.replyId(Message.binary(new byte[] {'{', '}'})));
  }

  @Test
  void aRequestWithoutTheFieldIsAClearError() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> id.requestId("{\"asset\":\"BTC\"}"));
    assertEquals(
        "the request (a java.lang.String) has no top-level field \"id\" holding a string or number;"
            + " JsonCorrelation.field(\"id\") needs it to match the reply",
        missing.getMessage());
    IllegalArgumentException binary =
        assertThrows(IllegalArgumentException.class, () -> id.requestId(new byte[] {1}));
    assertEquals(
        "JsonCorrelation reads the field \"id\" of text and objects; the request is binary ([B)",
        binary.getMessage());
  }

  @Test
  void badFieldNamesAreClearErrors() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> JsonCorrelation.field(""));
    assertEquals(
        "name must be the name of a top-level JSON field, such as \"id\"; got \"\"",
        empty.getMessage());
    NullPointerException none =
        assertThrows(NullPointerException.class, () -> JsonCorrelation.field(null));
    assertEquals("name", none.getMessage());
    assertThrows(NullPointerException.class, () -> JsonCorrelation.field("id", null));
    assertEquals("JsonCorrelation.field(\"id\")", id.toString());
  }
}
