package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wsengine.EncodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoding, round trips through the decoder, a configured mapper, and failures. */
class JsonEncoderTest {
  record Subscribe(String channel, List<String> symbols) {}

  record LastTrade(String tradeId, long unixMillis) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Up.class, name = "up"),
    @JsonSubTypes.Type(value = Down.class, name = "down")
  })
  sealed interface Move permits Up, Down {}

  record Up(int steps) implements Move {}

  record Down(int steps) implements Move {}

  static final class Subscriptions extends JsonDecoder<Subscribe> {}

  static final class Moves extends JsonDecoder<Move> {}

  static final class LastTrades extends JsonDecoder<LastTrade> {
    LastTrades(ObjectMapper mapper) {
      super(mapper);
    }
  }

  /** No property Jackson can see, so nothing to write. */
  static final class Opaque {
    @Override
    public String toString() {
      return "opaque";
    }
  }

  static final class Exploding {
    private String value;

    public String getValue() {
      if (value == null) {
        throw new IllegalStateException("no value yet");
      }
      return value;
    }

    public void setValue(String value) {
      this.value = value;
    }
  }

  /** A subclass that brings its own mapper, so that @Codecs can name it. */
  static final class SnakeCaseJson extends JsonEncoder {
    SnakeCaseJson() {
      super(
          JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build());
    }
  }

  @Test
  void encodesRecord() throws Exception {
    assertEquals(
        "{\"channel\":\"ticks\",\"symbols\":[\"A\",\"B\"]}",
        new JsonEncoder().encode(new Subscribe("ticks", List.of("A", "B"))));
  }

  @Test
  void roundTripsThroughDecoder() throws Exception {
    Subscribe subscribe = new Subscribe("ticks", List.of("A"));

    assertEquals(subscribe, new Subscriptions().decode(new JsonEncoder().encode(subscribe)));
  }

  @Test
  void writesTypeInfoOfAnnotatedHierarchyAndRoundTrips() throws Exception {
    String text = new JsonEncoder().encode(new Down(4));

    assertEquals("{\"kind\":\"down\",\"steps\":4}", text);
    assertEquals(new Down(4), new Moves().decode(text));
  }

  @Test
  void configuredMapperIsUsedForBothDirections() throws Exception {
    ObjectMapper snakeCase =
        JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    LastTrade trade = new LastTrade("t-1", 1700);

    String text = new JsonEncoder(snakeCase).encode(trade);

    assertEquals("{\"trade_id\":\"t-1\",\"unix_millis\":1700}", text);
    assertEquals(trade, new LastTrades(snakeCase).decode(text));
  }

  @Test
  void subclassMayBringItsOwnMapper() throws Exception {
    assertEquals(
        "{\"trade_id\":\"t-1\",\"unix_millis\":1}",
        new SnakeCaseJson().encode(new LastTrade("t-1", 1)));
  }

  @Test
  void objectWithoutPropertiesIsEncodeException() {
    EncodeException e =
        assertThrows(EncodeException.class, () -> new JsonEncoder().encode(new Opaque()));

    assertInstanceOf(InvalidDefinitionException.class, e.getCause());
    assertTrue(
        e.getMessage()
            .startsWith(
                JsonEncoder.class.getName()
                    + " cannot encode a "
                    + Opaque.class.getName()
                    + " as JSON: No serializer found for class "
                    + Opaque.class.getName()),
        e.getMessage());
  }

  @Test
  void getterThatThrowsIsEncodeException() {
    EncodeException e =
        assertThrows(EncodeException.class, () -> new JsonEncoder().encode(new Exploding()));

    JsonMappingException cause = assertInstanceOf(JsonMappingException.class, e.getCause());
    assertInstanceOf(IllegalStateException.class, cause.getCause());
    assertTrue(e.getMessage().contains("no value yet"), e.getMessage());
  }

  @Test
  void nullObjectIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new JsonEncoder().encode(null));

    assertEquals("object", e.getMessage());
  }

  @Test
  void toStringNamesEncoder() {
    assertEquals(JsonEncoder.class.getName() + "(JSON)", new JsonEncoder().toString());
  }

  @Test
  void nullMapperIsRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new JsonEncoder(null));

    assertEquals("mapper", e.getMessage());
  }
}
