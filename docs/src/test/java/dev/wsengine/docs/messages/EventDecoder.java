package dev.wsengine.docs.messages;

import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;

// snippet:decoder
public final class EventDecoder implements Decoder.Text<Event> {
  @Override
  public boolean willDecode(String text) { // cheap: the engine asks before every decode
    return text.startsWith("tick ") || text.startsWith("ack ") || text.startsWith("rejected ");
  }

  @Override
  public Event decode(String text) throws DecodeException {
    String[] words = text.split(" ", 3);
    try {
      return switch (words[0]) {
        case "tick" -> new Tick(words[1], Long.parseLong(words[2]));
        case "ack" -> new Ack(Long.parseLong(words[1]));
        default -> new Rejected(Long.parseLong(words[1]), words.length > 2 ? words[2] : "");
      };
    } catch (NumberFormatException | IndexOutOfBoundsException e) { // "tick BTC", "ack x"
      throw new DecodeException(text, "malformed " + words[0] + " message", e);
    }
  }
}
// end-snippet
