package com.acme;

/** What the trader sends, encoded. */
public record Order(String symbol, double price) {}
