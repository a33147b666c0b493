package dev.wsengine.benchmarks.typed;

import dev.wsengine.jackson.JsonDecoder;

/**
 * The typed contender's decoder, as a user would declare it: the Jackson codec bound to {@link
 * Tick}, with its shared default mapper (Jackson's defaults, unknown properties ignored).
 */
public final class TickJson extends JsonDecoder<Tick> {}
