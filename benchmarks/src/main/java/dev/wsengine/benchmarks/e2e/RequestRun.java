package dev.wsengine.benchmarks.e2e;

import dev.wsengine.Connection;
import dev.wsengine.Correlation;
import dev.wsengine.Message;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of the requests scenario (issue 17), the engine with one reader and no tracing (as {@link
 * EngineContender#plain}) against the embedded server, which echoes:
 *
 * <ul>
 *   <li>{@link Kind#REQUEST}: {@code n} sequential {@code Connection.request(text, timeout)} with a
 *       {@code Correlation.of(...)} reading the id before the first space of the text ({@code "r17
 *       eeee…"}), each awaited before the next;
 *   <li>{@link Kind#BY_HAND}: the same texts with the correlation the user of issue 17 wrote: a
 *       {@code ConcurrentHashMap<String, CompletableFuture<String>>} filled before {@code
 *       sendText}, completed from {@code @OnMessage} (the engine built without a correlation);
 *   <li>{@link Kind#ASYNC}: {@code n} {@code sendTextAsync} back to back, then waiting for all
 *       their futures;
 *   <li>{@link Kind#BLOCKING}: {@code n} blocking {@code sendText}.
 * </ul>
 *
 * <p>The two send kinds send {@code "sink …"}, which the server ignores; after the timed part, one
 * echoed message makes sure the server has read them all before the engine stops, so that a run
 * leaves no work behind for the next. Their engine's send queue holds all {@code n} messages, so
 * that the async sends never find it full.
 */
final class RequestRun {
  /** What one run does. */
  enum Kind {
    REQUEST("request() with Correlation.of"),
    BY_HAND("by hand: future map over sendText + @OnMessage"),
    BY_HAND_ASYNC("by hand over sendTextAsync"),
    ASYNC("sendTextAsync × N, then all futures"),
    BLOCKING("sendText × N");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** Each request's (and each hand-made wait's) timeout: far above any round trip here. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private RequestRun() {}

  /** The id of a request or reply text: what precedes its first space, or null without one. */
  static String idOf(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? null : text.substring(0, space);
  }

  /**
   * Runs {@code kind} for {@code n} messages of {@code payload} bytes.
   *
   * @return for the request kinds: {round trips/s, p50 ns, p99 ns}; for the sends: {messages/s}
   */
  static double[] run(Kind kind, TransportKind transport, URI uri, int n, int payload)
      throws Exception {
    if (n < 1) {
      throw new IllegalArgumentException("requests must be at least 1; got " + n);
    }
    ConcurrentHashMap<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    Behaviour behaviour =
        text -> {
          // By hand: the reply completes the future its id names. With request(), a matched reply
          // never gets here; with the sends, only the final echo does, and no one waits on the map.
          String id = idOf(text);
          CompletableFuture<String> waiting = id == null ? null : pending.remove(id);
          if (waiting != null) {
            waiting.complete(text);
          }
          return null;
        };
    WebSocketEngine.Builder builder =
        WebSocketEngine.builder(uri, new BenchClient(behaviour))
            .transport(transport.transport())
            .readers(1)
            .openTelemetry(OpenTelemetry.noop())
            .reconnect(ReconnectPolicy.never())
            .stopTimeout(Duration.ofSeconds(30));
    if (kind == Kind.REQUEST) {
      builder.correlation(
          Correlation.of(
              request -> idOf((String) request),
              (Message incoming) -> incoming.isText() ? idOf(incoming.text()) : null));
    }
    if (kind == Kind.ASYNC || kind == Kind.BLOCKING) {
      builder
          .sendQueue(
              Math.min(n + 1, WebSocketEngine.MAX_SEND_QUEUE_MESSAGES),
              WebSocketEngine.MAX_SEND_QUEUE_BYTES)
          .sendTimeout(Duration.ofMinutes(5));
    }
    WebSocketEngine engine = builder.build();
    engine.start();
    try {
      Connection connection = EngineContender.connection(engine);
      String body = "e".repeat(payload);
      return switch (kind) {
        case REQUEST, BY_HAND, BY_HAND_ASYNC -> requests(kind, connection, pending, n, body);
        case ASYNC, BLOCKING -> sends(kind, connection, pending, n, body);
      };
    } finally {
      engine.stop();
    }
  }

  private static double[] requests(
      Kind kind,
      Connection connection,
      ConcurrentHashMap<String, CompletableFuture<String>> pending,
      int n,
      String body)
      throws Exception {
    long[] latencies = new long[n];
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      String text = id + " " + body;
      long sent = System.nanoTime();
      String reply;
      if (kind == Kind.REQUEST) {
        reply = connection.request(text, REQUEST_TIMEOUT).get();
      } else {
        CompletableFuture<String> future = new CompletableFuture<>();
        pending.put(id, future);
        try {
          if (kind == Kind.BY_HAND) {
            connection.sendText(text);
            reply = future.get(REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
          } else {
            CompletableFuture<Void> written = connection.sendTextAsync(text);
            reply = future.get(REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            written.join(); // written before its echo came back: done, and rethrows a failure
          }
        } finally {
          pending.remove(id);
        }
      }
      latencies[i] = System.nanoTime() - sent;
      if (!reply.equals(text)) {
        throw new IllegalStateException(
            kind.label + ": request " + id + " got the reply of another: " + idOf(reply));
      }
    }
    double rate = n * 1e9 / (System.nanoTime() - start);
    Arrays.sort(latencies);
    return new double[] {
      rate, EndToEnd.percentile(latencies, 0.5), EndToEnd.percentile(latencies, 0.99)
    };
  }

  private static double[] sends(
      Kind kind,
      Connection connection,
      ConcurrentHashMap<String, CompletableFuture<String>> pending,
      int n,
      String body)
      throws Exception {
    String text = "sink " + body;
    long start = System.nanoTime();
    if (kind == Kind.ASYNC) {
      List<CompletableFuture<Void>> sent = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sent.add(connection.sendTextAsync(text));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
          .get(REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      for (int i = 0; i < n; i++) {
        connection.sendText(text);
      }
    }
    double rate = n * 1e9 / (System.nanoTime() - start);
    // Untimed: the server reads in order, so once this comes back it has read every "sink".
    CompletableFuture<String> drained = new CompletableFuture<>();
    pending.put("drained", drained);
    connection.sendText("drained " + body);
    drained.get(REQUEST_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    return new double[] {rate};
  }
}
