package dev.wsengine.tyrus.testing;

import java.io.IOException;

/**
 * What the test servers do with a text message: echo it, unless it is a command.
 *
 * <ul>
 *   <li>{@code cmd:close CODE REASON}: close with that status.
 *   <li>{@code cmd:burst-close N}: send texts {@code m0} .. {@code m<N-1>}, then close with 4002.
 *   <li>{@code cmd:flood COUNT SIZE}: start a {@link Flood} of numbered binary messages.
 *   <li>{@code cmd:big BYTES}: start sending one fragmented binary message of that size.
 *   <li>{@code cmd:silent}: nothing, now or later.
 * </ul>
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
      case "silent" -> {}
      default -> throw new IllegalArgumentException("unknown test command " + text);
    }
  }
}
