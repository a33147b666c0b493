package dev.wsengine.benchmarks.e2e;

import dev.wsengine.benchmarks.typed.TickFeed;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.function.LongFunction;

/**
 * The server side of every scenario, at {@code /bench}. Text commands:
 *
 * <ul>
 *   <li>{@code push N SIZE}: sends N text messages of SIZE bytes, from a thread of its own, with up
 *       to {@value #WINDOW} asynchronous sends in flight (so the server writes as fast as Grizzly
 *       can, and TCP back-pressure from a slow client still stops it);
 *   <li>{@code ticks N}: the same with N JSON ticks, {@link TickFeed#json(long)} for i = 0 to N - 1
 *       (about 75 bytes each; the texts are made once, so the server's cost per message is that of
 *       {@code push});
 *   <li>{@code close}: closes the session (1000), remembering when in {@link #closedAtNanos};
 *   <li>{@code sink …}: ignored (what the requests scenario's sends send: no reply to read);
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
      startPush(session, count, i -> payload);
    } else if (text.startsWith("ticks ")) {
      startPush(session, Long.parseLong(text.substring("ticks ".length())), TickFeed::json);
    } else if (text.startsWith("sink ")) {
      // Only read: the send scenarios measure the client's sending, not a reply.
    } else if (text.equals("close")) {
      closedAtNanos = System.nanoTime();
      session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bench"));
    } else {
      session.getBasicRemote().sendText(text);
    }
  }

  private static void startPush(Session session, long count, LongFunction<String> payload) {
    Thread pusher = new Thread(() -> push(session, count, payload), "bench-server-push");
    pusher.setDaemon(true);
    pusher.start();
  }

  private static void push(Session session, long count, LongFunction<String> payload) {
    Semaphore window = new Semaphore(WINDOW);
    SendHandler done = result -> window.release();
    try {
      for (long i = 0; i < count && session.isOpen(); i++) {
        window.acquire();
        session.getAsyncRemote().sendText(payload.apply(i), done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException closed) {
      // The client went away mid-push: nothing to do.
    }
  }
}
