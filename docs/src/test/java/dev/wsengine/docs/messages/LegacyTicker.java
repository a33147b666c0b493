package dev.wsengine.docs.messages;

import dev.wsengine.Codecs;
import dev.wsengine.OnMessage;
import dev.wsengine.OnReadError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

// snippet:jakarta-handler
@Codecs(decoders = LegacyTickDecoder.class)
public final class LegacyTicker {
  final List<Object> received = new CopyOnWriteArrayList<>();

  @OnMessage
  void tick(Tick tick) {
    received.add(tick);
  }

  @OnReadError
  void failed(Throwable error) { // a dev.wsengine.DecodeException, whatever the decoder threw
    received.add(error);
  }
}
// end-snippet
