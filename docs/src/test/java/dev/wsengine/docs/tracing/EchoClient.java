package dev.wsengine.docs.tracing;

import dev.wsengine.OnMessage;

/** A handler for the tracing snippets. */
public final class EchoClient {
  @OnMessage
  void text(String text) {}
}
