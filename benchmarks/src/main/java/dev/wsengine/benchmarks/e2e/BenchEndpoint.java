package dev.wsengine.benchmarks.e2e;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * The server side of every scenario, at {@code /bench}. Text commands:
 *
 * <ul>
 *   <li>{@code push N SIZE}: sends N text messages of SIZE bytes, from a thread of its own, with up
 *       to {@value #WINDOW} asynchronous sends in flight (so the server writes as fast as Grizzly
 *       can, and TCP back-pressure from a slow client still stops it);
 *   <li>{@code close}: closes the session (1000), remembering when in {@link #closedAtNanos};
 *   <li>anything else is echoed.
 * </ul>
 */
@ServerEndpoint("/bench")
public class BenchEndpoint {
  /** Asynchronous sends in flight per push. */
  static final int WINDOW = 256;

  /** {@link System#nanoTime()} just before the last {@code close} command closed its session. */
  static volatile long closedAtNanos;

  @OnOpen
  public void open(Session session) {
    session.setMaxIdleTimeout(-1);
  }

  @OnMessage
  public void text(Session session, String text) throws IOException {
    if (text.startsWith("push ")) {
      String[] words = text.split(" ", -1);
      long count = Long.parseLong(words[1]);
      String payload = "p".repeat(Integer.parseInt(words[2]));
      Thread pusher = new Thread(() -> push(session, count, payload), "bench-server-push");
      pusher.setDaemon(true);
      pusher.start();
    } else if (text.equals("close")) {
      closedAtNanos = System.nanoTime();
      session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bench"));
    } else {
      session.getBasicRemote().sendText(text);
    }
  }

  private static void push(Session session, long count, String payload) {
    Semaphore window = new Semaphore(WINDOW);
    SendHandler done = result -> window.release();
    try {
      for (long i = 0; i < count && session.isOpen(); i++) {
        window.acquire();
        session.getAsyncRemote().sendText(payload, done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException closed) {
      // The client went away mid-push: nothing to do.
    }
  }
}
