package dev.wsengine.benchmarks.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reference for the JDK transport: a plain {@link java.net.http.WebSocket} client, as a user
 * who knows the API would write one. One {@link HttpClient} per client (with its default executor),
 * reused for every re-dial; a {@link WebSocket.Listener} that assembles a message's parts, calls
 * the behaviour on the JDK's thread when the last part arrives, sends the reply there, and then
 * asks for the next message with {@code request(1)}: one message per request, so the socket is read
 * as fast as the behaviour goes and no faster. Sends wait for their completion, one at a time (the
 * JDK allows one outstanding send), as Tyrus's basic remote does for the raw Tyrus client. With
 * {@code reconnect}, {@code onClose} re-dials with {@code buildAsync}, which needs no thread of its
 * own.
 */
final class RawJdkContender implements Contender {
  private static final long SEND_TIMEOUT_SECONDS = 30;
  private static final long CLOSE_TIMEOUT_SECONDS = 5;

  private final boolean reconnect;

  RawJdkContender(boolean reconnect) {
    this.reconnect = reconnect;
  }

  @Override
  public String name() {
    return reconnect ? "raw JDK, re-dial in onClose" : "raw JDK";
  }

  @Override
  public Client connect(URI uri, Behaviour behaviour) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Session session = new Session(http, uri, behaviour);
    session.dial().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // The JDK calls onOpen after the future completes, on its own thread.
    session.firstOpen.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return session;
  }

  /** One client: its current WebSocket, re-dialled after each server close if asked. */
  private final class Session implements Client {
    private final HttpClient http;
    private final URI uri;
    private final Behaviour behaviour;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Object sendLock = new Object();
    final CompletableFuture<Void> firstOpen = new CompletableFuture<>();

    /** The open socket's listener, null before the first open. Guarded by this session. */
    private Listener current;

    Session(HttpClient http, URI uri, Behaviour behaviour) {
      this.http = http;
      this.uri = uri;
      this.behaviour = behaviour;
    }

    CompletableFuture<WebSocket> dial() {
      return http.newWebSocketBuilder().buildAsync(uri, new Listener(this));
    }

    synchronized Listener current() {
      return current;
    }

    /** Returns whether this is a reopen. */
    boolean opened(Listener listener) {
      boolean reopened;
      synchronized (this) {
        reopened = current != null;
        current = listener;
      }
      firstOpen.complete(null);
      return reopened;
    }

    void send(WebSocket socket, String text) throws IOException {
      synchronized (sendLock) {
        try {
          socket.sendText(text, true).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
          throw new IOException("send failed: " + e, e);
        }
      }
    }

    @Override
    public void send(String text) throws IOException {
      send(current().socket, text);
    }

    @Override
    public void close() throws IOException {
      closing.set(true);
      Listener listener = current();
      WebSocket socket = listener.socket;
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // The server's answer ends the input; then the JDK closes the TCP connection.
        listener.ended.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Dropped below.
      } finally {
        socket.abort();
      }
    }
  }

  /** One WebSocket's listener; the JDK calls it one call at a time. */
  private final class Listener implements WebSocket.Listener {
    private final Session session;
    private final StringBuilder parts = new StringBuilder();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    volatile WebSocket socket;

    Listener(Session session) {
      this.session = session;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      boolean reopened = session.opened(this);
      webSocket.request(1);
      if (reopened) {
        session.behaviour.reopened();
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (!last) {
        parts.append(data);
        webSocket.request(1);
        return null;
      }
      String text;
      if (parts.length() == 0) {
        text = data.toString();
      } else {
        text = parts.append(data).toString();
        parts.setLength(0);
      }
      String reply = session.behaviour.onText(text);
      if (reply != null) {
        try {
          session.send(webSocket, reply);
        } catch (IOException e) {
          System.err.println("raw JDK reply failed: " + e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended.complete(null);
      session.behaviour.closed();
      if (reconnect && !session.closing.get()) {
        CompletableFuture<?> unused =
            session
                .dial()
                .whenComplete(
                    (socket, failure) -> {
                      if (failure != null) {
                        System.err.println("raw JDK re-dial failed: " + failure);
                      }
                    });
      }
      return null; // the JDK answers the close at once
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended.complete(null);
      if (!session.closing.get()) {
        System.err.println("raw JDK client failed: " + error);
      }
    }
  }
}
