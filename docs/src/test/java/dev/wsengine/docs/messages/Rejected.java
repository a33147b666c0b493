package dev.wsengine.docs.messages;

/** An order was refused: {@code rejected 7 too late}. */
public record Rejected(long id, String reason) implements Event {}
