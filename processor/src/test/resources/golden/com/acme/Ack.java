package com.acme;

/** The server took an order. */
public record Ack(long orderId) implements Event {}
