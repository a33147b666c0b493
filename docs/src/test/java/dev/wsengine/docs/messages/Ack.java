package dev.wsengine.docs.messages;

/** An order was taken: {@code ack 7}. */
public record Ack(long id) implements Event {}
