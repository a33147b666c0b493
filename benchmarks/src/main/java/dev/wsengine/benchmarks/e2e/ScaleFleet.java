package dev.wsengine.benchmarks.e2e;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;

/**
 * One contender of the scale scenario in a child JVM: N idle connections to one server, opened and
 * closed one at a time by {@link ScaleChild}, which bounds how many are in flight. Each kind shares
 * what a user holding many connections would share: the raw JDK client one {@link HttpClient}, the
 * raw Tyrus client one {@link ClientManager} on Tyrus's shared container, the engines one transport
 * ({@link ScaleEngines}).
 *
 * <p>Threads: {@link #open} and {@link Held#close} may be called from any thread, many at once.
 */
abstract class ScaleFleet implements AutoCloseable {
  /** Sessions that ended, for whatever reason: before the stop, the connections that dropped. */
  final AtomicInteger ended = new AtomicInteger();

  /** One open connection. */
  interface Held {
    /**
     * Starts closing it; completes once it is closed (for an engine, once {@code stop()} returned).
     */
    CompletableFuture<Void> close(Executor callers);
  }

  /**
   * Whether {@link #open} and {@link Held#close} block a caller thread ({@code callers} is then a
   * pool of them), rather than returning a future that the client completes on its own threads.
   */
  abstract boolean blocking();

  /**
   * Starts opening one connection; the future completes with it once it is open and its first
   * callback has run.
   */
  abstract CompletableFuture<Held> open(Executor callers);

  /** Lets go of what the connections shared; after every connection was closed. */
  @Override
  public abstract void close();

  static ScaleFleet create(
      ScaleContender contender, URI uri, Duration keepalive, Duration pongTimeout) {
    return switch (contender) {
      case RAW_JDK -> new RawJdk(uri, keepalive);
      case RAW_TYRUS -> new RawTyrus(uri, keepalive);
      case ENGINE_JDK -> new Engines(uri, ScaleEngines.jdk(keepalive, pongTimeout));
      case ENGINE_TYRUS -> new Engines(uri, ScaleEngines.tyrus(keepalive, pongTimeout));
    };
  }

  /** What the child prints about how this contender holds its connections. */
  abstract String description();

  /**
   * The raw clients' keepalive, as a user would write it: one scheduler thread pinging every
   * connection every {@code interval}, each at its own offset so that the pings spread over the
   * interval. Pongs are not checked (the engines check them): a lower bound on the raw clients'
   * cost.
   */
  private static final class Pinger {
    private final Duration interval;
    private final ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "raw-keepalive");
              thread.setDaemon(true);
              return thread;
            });

    Pinger(Duration interval) {
      this.interval = interval;
    }

    ScheduledFuture<?> every(Runnable ping) {
      long period = interval.toNanos();
      return scheduler.scheduleAtFixedRate(
          () -> {
            try {
              ping.run();
            } catch (RuntimeException e) {
              // A ping on a closing connection: the next one, or the close, tells.
            }
          },
          ThreadLocalRandom.current().nextLong(period),
          period,
          TimeUnit.NANOSECONDS);
    }

    void shutdown() {
      scheduler.shutdownNow();
    }
  }

  /** Raw {@code java.net.http.WebSocket}s on one {@link HttpClient}; opens without a thread. */
  private static final class RawJdk extends ScaleFleet {
    private final URI uri;
    private final Pinger pinger;
    private final HttpClient http = HttpClient.newHttpClient();

    RawJdk(URI uri, Duration keepalive) {
      this.uri = uri;
      this.pinger = new Pinger(keepalive);
    }

    @Override
    String description() {
      return "one HttpClient (default executor); buildAsync, no caller thread";
    }

    @Override
    boolean blocking() {
      return false;
    }

    @Override
    CompletableFuture<Held> open(Executor callers) {
      Listener listener = new Listener();
      return http.newWebSocketBuilder()
          .buildAsync(uri, listener)
          .thenCompose(socket -> listener.opened)
          .thenApply(
              socket -> {
                ScheduledFuture<?> pings =
                    pinger.every(
                        () -> {
                          CompletableFuture<WebSocket> unused =
                              socket.sendPing(ByteBuffer.allocate(0));
                        });
                return unused -> {
                  pings.cancel(false);
                  return socket
                      .sendClose(WebSocket.NORMAL_CLOSURE, "")
                      .thenCompose(s -> listener.closed)
                      .whenComplete((v, e) -> socket.abort());
                };
              });
    }

    /** The JDK's listener: the defaults ask for the next frame after each ping, pong and text. */
    private final class Listener implements WebSocket.Listener {
      final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
      final CompletableFuture<Void> closed = new CompletableFuture<>();

      @Override
      public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
        opened.complete(webSocket);
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end();
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        opened.completeExceptionally(error);
        end();
      }

      private void end() {
        if (closed.complete(null)) {
          ended.incrementAndGet();
        }
      }
    }

    @Override
    public void close() {
      pinger.shutdown();
    }
  }

  /** Raw Tyrus sessions from one {@link ClientManager} on Tyrus's shared container. */
  private static final class RawTyrus extends ScaleFleet {
    private final URI uri;
    private final Pinger pinger;
    private final ClientManager client;
    private final ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();

    RawTyrus(URI uri, Duration keepalive) {
      this.uri = uri;
      this.pinger = new Pinger(keepalive);
      this.client = ClientManager.createClient(GrizzlyClientContainer.class.getName());
      client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
      client.setDefaultMaxSessionIdleTimeout(-1);
    }

    @Override
    String description() {
      return "one ClientManager, ClientProperties.SHARED_CONTAINER; connectToServer from the callers";
    }

    @Override
    boolean blocking() {
      return true;
    }

    @Override
    CompletableFuture<Held> open(Executor callers) {
      return CompletableFuture.supplyAsync(
          () -> {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Endpoint endpoint =
                new Endpoint() {
                  @Override
                  public void onOpen(Session session, EndpointConfig endpointConfig) {
                    session.setMaxIdleTimeout(-1);
                  }

                  @Override
                  public void onClose(Session session, CloseReason closeReason) {
                    if (closed.complete(null)) {
                      ended.incrementAndGet();
                    }
                  }
                };
            Session session;
            try {
              session = client.connectToServer(endpoint, config, uri);
            } catch (DeploymentException | IOException e) {
              throw new CompletionException(e);
            }
            ScheduledFuture<?> pings =
                pinger.every(
                    () -> {
                      try {
                        session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                      } catch (IOException e) {
                        // The close tells.
                      }
                    });
            return (Held)
                closeCallers ->
                    CompletableFuture.runAsync(
                            () -> {
                              pings.cancel(false);
                              try {
                                session.close();
                              } catch (IOException e) {
                                throw new CompletionException(e);
                              }
                            },
                            closeCallers)
                        .thenCompose(v -> closed);
          },
          callers);
    }

    @Override
    public void close() {
      pinger.shutdown();
      client.shutdown();
    }
  }

  /** Engines, each started and stopped on a caller thread ({@code start()} blocks). */
  private static final class Engines extends ScaleFleet {
    private final URI uri;
    private final ScaleEngines engines;

    Engines(URI uri, ScaleEngines engines) {
      this.uri = uri;
      this.engines = engines;
    }

    @Override
    String description() {
      return engines.description + "; engine defaults, start()/stop() from the callers";
    }

    @Override
    boolean blocking() {
      return true;
    }

    @Override
    CompletableFuture<Held> open(Executor callers) {
      return CompletableFuture.supplyAsync(
          () -> {
            AtomicInteger endedHere = new AtomicInteger();
            WebSocketEngine engine =
                engines.build(
                    uri,
                    new BenchClient(
                        new Behaviour() {
                          @Override
                          public String onText(String text) {
                            return null;
                          }

                          @Override
                          public void closed() {
                            if (endedHere.getAndIncrement() == 0) {
                              ended.incrementAndGet();
                            }
                          }
                        }));
            try {
              engine.start();
            } catch (EngineStartException e) {
              throw new CompletionException(e);
            }
            return (Held) closeCallers -> CompletableFuture.runAsync(engine::stop, closeCallers);
          },
          callers);
    }

    @Override
    public void close() {
      engines.close();
    }
  }
}
