package com.acme;

import dev.wsengine.Encoder;

/** Encodes an order as "buy SYMBOL PRICE". */
public final class OrderEncoder implements Encoder.Text<Order> {
  @Override
  public String encode(Order order) {
    return "buy " + order.symbol() + " " + order.price();
  }
}
