package dev.wsengine.benchmarks.typed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wsengine.OnMessage;
import java.util.function.Consumer;

/**
 * The reference: the same handler taking the {@code String} and calling Jackson itself, as one
 * would without typed messages: {@code mapper.readValue(text, Tick.class)} on a shared mapper
 * configured as {@link TickJson}'s default one (Jackson's defaults, unknown properties ignored).
 */
public final class ByHandTicks {
  /** Configured as {@code dev.wsengine.jackson.DefaultMapper}, the codec's default mapper. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Consumer<Tick> sink;

  public ByHandTicks(Consumer<Tick> sink) {
    this.sink = sink;
  }

  @OnMessage
  void text(String text) throws JsonProcessingException {
    sink.accept(MAPPER.readValue(text, Tick.class));
  }
}
