package dev.wsengine.docs.transports;

import dev.wsengine.OnMessage;
import java.util.Locale;

// snippet:shouter
public final class Shouter {
  @OnMessage
  String text(String message) {
    return message.toUpperCase(Locale.ROOT);
  }
}
// end-snippet
