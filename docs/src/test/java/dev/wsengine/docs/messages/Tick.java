package dev.wsengine.docs.messages;

/** A price: {@code tick BTC 99}. */
public record Tick(String symbol, long price) implements Event {}
