package dev.wsengine.benchmarks.typed;

/** What both contenders of the typed-messages benchmark read each JSON message into. */
public record Tick(String symbol, double price, long ts) {}
