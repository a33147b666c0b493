package com.acme;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import java.io.IOException;

/**
 * The input of the typed-message golden-file test: decoded types routed most specific first, a
 * typed reply, and a raw method for text no decoder takes.
 */
@Codecs(decoders = EventDecoder.class, encoders = OrderEncoder.class)
public final class Trader {
  @OnMessage
  void event(Event event, Connection connection) throws IOException {
    connection.sendText("seen " + event);
  }

  @OnMessage
  Order tick(Tick tick) {
    return tick.price() < 100 ? new Order(tick.symbol(), tick.price()) : null;
  }

  @OnMessage
  Order text(String message) {
    return message.isEmpty() ? null : new Order(message, 0);
  }
}
