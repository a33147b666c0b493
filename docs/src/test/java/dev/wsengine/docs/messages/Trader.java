package dev.wsengine.docs.messages;

import dev.wsengine.Codecs;
import dev.wsengine.DecodeException;
import dev.wsengine.OnMessage;
import dev.wsengine.OnReadError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

// snippet:trader
@Codecs(decoders = EventDecoder.class, encoders = OrderEncoder.class)
public final class Trader {
  final List<String> seen = new CopyOnWriteArrayList<>();

  @OnMessage
  Order tick(Tick tick) { // "tick BTC 99" arrives as a Tick
    seen.add(tick.symbol() + " at " + tick.price());
    return tick.price() < 100 ? new Order(tick.symbol(), 1) : null; // sent as "order BTC 1"
  }

  @OnMessage
  void event(Event event) { // every other Event: an Ack or a Rejected
    seen.add(event.toString());
  }

  @OnMessage
  void text(String text) { // text that no decoder takes
    seen.add("text: " + text);
  }

  @OnReadError
  void failed(Throwable error) {
    if (error instanceof DecodeException e) { // a decoder took the text, then failed
      seen.add("undecodable: " + e.undecoded().text());
    }
  }
}
// end-snippet
