package dev.wsengine.docs.messages;

import dev.wsengine.Encoder;

// snippet:encoder
public final class OrderEncoder implements Encoder.Text<Order> {
  @Override
  public String encode(Order order) {
    return "order " + order.symbol() + " " + order.quantity();
  }
}
// end-snippet
