package dev.wsengine.docs.messages;

/** What the client sends: {@code order BTC 1}. Not an {@link Event}. */
public record Order(String symbol, long quantity) {}
