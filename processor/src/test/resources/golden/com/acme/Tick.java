package com.acme;

/** A price. */
public record Tick(String symbol, double price) implements Event {}
