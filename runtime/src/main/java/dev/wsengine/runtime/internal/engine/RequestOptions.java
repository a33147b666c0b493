package dev.wsengine.runtime.internal.engine;

import dev.wsengine.Correlation;

/**
 * How the engine matches requests with replies ({@code docs/requests.md}), as the builder validated
 * it.
 *
 * @param correlation reads the ids of requests and replies; null when the engine has none (then
 *     {@code request(...)} throws)
 * @param alsoToOnMessage whether a matched reply is also given to {@code @OnMessage}
 * @param maxInFlight how many requests of one session may wait for their reply at once
 */
public record RequestOptions(Correlation correlation, boolean alsoToOnMessage, int maxInFlight) {
  /** Default of {@link #maxInFlight}. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

  /** Upper bound of {@link #maxInFlight}. */
  public static final int MAX_IN_FLIGHT = 1 << 20;

  /** No correlation: requests are not available. */
  public static final RequestOptions NONE = new RequestOptions(null, false, DEFAULT_MAX_IN_FLIGHT);
}
