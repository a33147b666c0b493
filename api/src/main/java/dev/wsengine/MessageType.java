package dev.wsengine;

/** The two kinds of WebSocket data message. */
public enum MessageType {
  /** A text message: UTF-8 on the wire, a {@link String} in Java. */
  TEXT,
  /** A binary message: bytes. */
  BINARY
}
