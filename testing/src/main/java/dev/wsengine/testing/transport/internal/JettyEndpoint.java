package dev.wsengine.testing.transport.internal;

import dev.wsengine.testing.transport.Peer;
import dev.wsengine.testing.transport.ServerEvents;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Session;

/** The Jetty server's endpoint for one connection: echoes, and runs {@link Commands}. */
public final class JettyEndpoint implements Session.Listener.AutoDemanding {
  private volatile Session session;

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
    ServerEvents.record("open");
  }

  @Override
  public void onWebSocketText(String text) {
    try {
      Commands.onText(text, peer());
    } catch (java.io.IOException e) {
      ServerEvents.record("error " + e);
    }
  }

  @Override
  public void onWebSocketBinary(
      ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
    ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
    callback.succeed();
    session.sendBinary(copy, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    ServerEvents.record("ping");
    session.sendPong(payload, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  @Override
  public void onWebSocketClose(int code, String reason) {
    ServerEvents.record(("close " + code + " " + (reason == null ? "" : reason)).trim());
  }

  private Peer peer() {
    Session open = session;
    return new Peer() {
      @Override
      public void sendText(String text) throws java.io.IOException {
        await(
            org.eclipse.jetty.websocket.api.Callback.Completable.with(c -> open.sendText(text, c)));
      }

      @Override
      public void sendBinary(ByteBuffer data) throws java.io.IOException {
        await(
            org.eclipse.jetty.websocket.api.Callback.Completable.with(
                c -> open.sendBinary(data, c)));
      }

      @Override
      public void sendTextPart(String part, boolean last) throws java.io.IOException {
        await(
            org.eclipse.jetty.websocket.api.Callback.Completable.with(
                c -> open.sendPartialText(part, last, c)));
      }

      @Override
      public void sendBinaryPart(ByteBuffer part, boolean last) throws java.io.IOException {
        await(
            org.eclipse.jetty.websocket.api.Callback.Completable.with(
                c -> open.sendPartialBinary(part, last, c)));
      }

      @Override
      public void close(int code, String reason) throws java.io.IOException {
        await(
            org.eclipse.jetty.websocket.api.Callback.Completable.with(
                c -> open.close(code, reason, c)));
      }
    };
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> sent)
      throws java.io.IOException {
    try {
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while sending");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new java.io.IOException(e.getCause());
    }
  }
}
