package dev.wsengine.testing.transport.internal;

import dev.wsengine.testing.transport.Flood;
import dev.wsengine.testing.transport.Peer;
import dev.wsengine.testing.transport.ServerKind;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What the test servers do with a text message: echo it, unless it is a command. The commands are
 * listed (for users) on {@link ServerKind}; every server kind runs this one copy of them.
 */
public final class Commands {
  private Commands() {}

  public static void onText(String text, Peer peer) throws IOException {
    if (!text.startsWith("cmd:")) {
      peer.sendText(text);
      return;
    }
    String[] words = text.substring("cmd:".length()).split(" ", 3);
    switch (words[0]) {
      case "close" -> peer.close(Integer.parseInt(words[1]), words.length > 2 ? words[2] : "");
      case "burst-close" -> {
        int count = Integer.parseInt(words[1]);
        for (int i = 0; i < count; i++) {
          peer.sendText("m" + i);
        }
        peer.close(4002, "after burst");
      }
      case "flood" -> Flood.messages(peer, Integer.parseInt(words[1]), Integer.parseInt(words[2]));
      case "big" -> Flood.oneMessage(peer, Long.parseLong(words[1]));
      case "whole" -> whole(peer, Integer.parseInt(words[1]), text(words[2]));
      case "parts" -> parts(peer, Integer.parseInt(words[1]), text(words[2]));
      case "silent" -> {}
      default -> throw new IllegalArgumentException("unknown test command " + text);
    }
  }

  private static boolean text(String kind) {
    return switch (kind) {
      case "text" -> true;
      case "binary" -> false;
      default -> throw new IllegalArgumentException("kind must be text or binary; got " + kind);
    };
  }

  /** One message of {@code size} bytes in one frame. */
  private static void whole(Peer peer, int size, boolean text) throws IOException {
    if (text) {
      peer.sendText(ServerKind.text(size));
    } else {
      peer.sendBinary(ByteBuffer.wrap(ServerKind.bytes(0, size)));
    }
  }

  /** The same message as {@link #whole}, in three frames. */
  private static void parts(Peer peer, int size, boolean text) throws IOException {
    int[] cuts = {0, size / 3, 2 * (size / 3), size};
    for (int i = 0; i < 3; i++) {
      int length = cuts[i + 1] - cuts[i];
      boolean last = i == 2;
      if (text) {
        peer.sendTextPart(ServerKind.text(length), last);
      } else {
        peer.sendBinaryPart(ByteBuffer.wrap(ServerKind.bytes(cuts[i], length)), last);
      }
    }
  }
}
