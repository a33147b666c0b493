package dev.wsengine.docs.messages;

/**
 * What the exchange of messages.md sends, one per text message: {@code tick BTC 99}, {@code ack 7},
 * {@code rejected 7 too late}.
 */
public sealed interface Event permits Tick, Ack, Rejected {}
