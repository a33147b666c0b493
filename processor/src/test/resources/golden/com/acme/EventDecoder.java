package com.acme;

import dev.wsengine.Decoder;

/** Decodes "tick SYMBOL PRICE" and "ack ID"; leaves other text to the raw method. */
public final class EventDecoder implements Decoder.Text<Event> {
  @Override
  public boolean willDecode(String text) {
    return text.startsWith("tick ") || text.startsWith("ack ");
  }

  @Override
  public Event decode(String text) {
    String[] words = text.split(" ");
    return words[0].equals("ack")
        ? new Ack(Long.parseLong(words[1]))
        : new Tick(words[1], Double.parseDouble(words[2]));
  }
}
