package dev.wsengine.docs.messages;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.util.concurrent.atomic.AtomicInteger;

// snippet:jakarta-decoder
/** Written for a jakarta.websocket endpoint; wsengine uses it unchanged. */
public final class LegacyTickDecoder implements Decoder.Text<Tick> {
  final AtomicInteger inits = new AtomicInteger();
  final AtomicInteger destroys = new AtomicInteger();

  @Override
  public void init(EndpointConfig config) { // at each engine start()
    inits.incrementAndGet();
  }

  @Override
  public boolean willDecode(String text) {
    return text.startsWith("tick ");
  }

  @Override
  public Tick decode(String text) throws DecodeException {
    String[] words = text.split(" ");
    if (words.length != 3) {
      throw new DecodeException(text, "a tick is 'tick SYMBOL PRICE'");
    }
    return new Tick(words[1], Long.parseLong(words[2]));
  }

  @Override
  public void destroy() { // when the engine stops
    destroys.incrementAndGet();
  }
}
// end-snippet
