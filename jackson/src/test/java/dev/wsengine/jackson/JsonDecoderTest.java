package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wsengine.DecodeException;
import dev.wsengine.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Records, classes and generic types; unknown properties; what fails and how. */
class JsonDecoderTest {
  record Tick(String symbol, double price) {}

  /** A plain class: no-argument constructor and setters, no annotations. */
  static final class Quote {
    private String symbol;
    private int size;

    public String getSymbol() {
      return symbol;
    }

    public void setSymbol(String symbol) {
      this.symbol = symbol;
    }

    public int getSize() {
      return size;
    }

    public void setSize(int size) {
      this.size = size;
    }
  }

  record LastTrade(String tradeId, long unixMillis) {}

  static final class Ticks extends JsonDecoder<Tick> {
    Ticks() {}

    Ticks(ObjectMapper mapper) {
      super(mapper);
    }
  }

  static final class Quotes extends JsonDecoder<Quote> {}

  static final class TickLists extends JsonDecoder<List<Tick>> {}

  static final class Trees extends JsonDecoder<JsonNode> {}

  static final class LastTrades extends JsonDecoder<LastTrade> {
    LastTrades(ObjectMapper mapper) {
      super(mapper);
    }
  }

  @Test
  void decodesRecord() throws Exception {
    assertEquals(
        new Tick("ACME", 12.5), new Ticks().decode("{\"symbol\":\"ACME\",\"price\":12.5}"));
  }

  @Test
  void decodesPlainClass() throws Exception {
    Quote quote = new Quotes().decode("{\"symbol\":\"ACME\",\"size\":300}");

    assertEquals("ACME", quote.getSymbol());
    assertEquals(300, quote.getSize());
  }

  @Test
  void decodesGenericTypeBoundBySubclass() throws Exception {
    assertEquals(
        List.of(new Tick("A", 1), new Tick("B", 2)),
        new TickLists().decode("[{\"symbol\":\"A\",\"price\":1},{\"symbol\":\"B\",\"price\":2}]"));
  }

  @Test
  void decodesTree() throws Exception {
    assertEquals(7, new Trees().decode("{\"n\":7}").get("n").asInt());
  }

  @Test
  void unknownPropertiesAreIgnoredByDefault() throws Exception {
    assertEquals(
        new Tick("ACME", 1),
        new Ticks()
            .decode("{\"symbol\":\"ACME\",\"price\":1,\"venue\":\"X\",\"extra\":{\"a\":[1]}}"));
  }

  @Test
  void unknownPropertiesFailWithUserMapperThatFailsOnThem() {
    ObjectMapper strict =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    String text = "{\"symbol\":\"ACME\",\"price\":1,\"venue\":\"X\"}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks(strict).decode(text));

    assertEquals(Message.text(text), e.undecoded());
    UnrecognizedPropertyException cause =
        assertInstanceOf(UnrecognizedPropertyException.class, e.getCause());
    assertEquals("venue", cause.getPropertyName());
    assertTrue(e.getMessage().contains("\"venue\""), e.getMessage());
  }

  @Test
  void userMapperSettingsAreUsed() throws Exception {
    ObjectMapper snakeCase =
        JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    assertEquals(
        new LastTrade("t-1", 1700),
        new LastTrades(snakeCase).decode("{\"trade_id\":\"t-1\",\"unix_millis\":1700}"));
  }

  @Test
  void malformedJsonIsDecodeExceptionWithRawTextAndJacksonCause() {
    String text = "{\"symbol\":\"ACME\", price: 1}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    JsonParseException cause = assertInstanceOf(JsonParseException.class, e.getCause());
    assertEquals(1, cause.getLocation().getLineNr());
    assertTrue(cause.getMessage().contains("line: 1, column: 19"), cause.getMessage());
    assertTrue(
        e.getMessage()
            .startsWith(
                Ticks.class.getName()
                    + " cannot decode the text as "
                    + Tick.class.getName()
                    + ": Unexpected character ('p'"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(line 1, column 19)"), e.getMessage());
  }

  @Test
  void wrongShapeIsDecodeException() {
    String text = "{\"symbol\":\"ACME\",\"price\":\"cheap\"}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    assertInstanceOf(MismatchedInputException.class, e.getCause());
    assertTrue(e.getMessage().contains("\"cheap\""), e.getMessage());
  }

  @Test
  void arrayWhereObjectExpectedIsDecodeException() {
    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode("[1,2]"));

    assertInstanceOf(MismatchedInputException.class, e.getCause());
  }

  @Test
  void textAfterTheValueIsDecodeException() {
    String text = "{\"symbol\":\"A\",\"price\":1}{\"symbol\":\"B\",\"price\":2}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    assertTrue(e.getMessage().contains("Trailing token"), e.getMessage());
  }

  @Test
  void textAfterTheValueIsDecodeExceptionWhateverTheMapperSays() {
    ObjectMapper lenient =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    assertThrows(
        DecodeException.class,
        () -> new Ticks(lenient).decode("{\"symbol\":\"A\",\"price\":1} garbage"));
  }

  @Test
  void jsonNullIsDecodeException() {
    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode("null"));

    assertEquals(Message.text("null"), e.undecoded());
    assertTrue(e.getMessage().contains("the JSON value is null"), e.getMessage());
  }

  @Test
  void emptyTextIsDecodeException() {
    DecodeException e = assertThrows(DecodeException.class, () -> new Ticks().decode(""));

    assertEquals(Message.text(""), e.undecoded());
    assertInstanceOf(MismatchedInputException.class, e.getCause());
  }

  @Test
  void willDecodeTakesEveryText() {
    Ticks ticks = new Ticks();

    assertTrue(ticks.willDecode("{\"symbol\":\"A\",\"price\":1}"));
    assertTrue(ticks.willDecode("not json at all"));
  }

  @Test
  void nullMapperIsRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new Ticks(null));

    assertEquals("mapper", e.getMessage());
  }

  @Test
  void nullTextIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Ticks().decode(null));

    assertEquals("text", e.getMessage());
  }

  @Test
  void toStringNamesDecoderAndType() {
    assertEquals(
        Ticks.class.getName() + "(JSON to " + Tick.class.getName() + ")", new Ticks().toString());
  }

  /** One instance serves all reader threads at once; no call leaves state behind for another. */
  @Test
  void oneInstanceDecodesFromManyThreadsAtOnce() throws Exception {
    Ticks ticks = new Ticks();
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String symbol = "S" + t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int good = 0;
                  for (int i = 0; i < perThread; i++) {
                    String text = "{\"symbol\":\"" + symbol + "\",\"price\":" + i + "}";
                    if (ticks.decode(text).equals(new Tick(symbol, i))) {
                      good++;
                    }
                  }
                  return good;
                }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertEquals(perThread, result.get(1, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
