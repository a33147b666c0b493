package dev.wsengine.benchmarks.e2e;

import dev.wsengine.jdk.JdkTransport;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.tyrus.TyrusTransport;
import java.net.URI;
import java.time.Duration;

/**
 * How the scale scenario builds its engines: the one place that says what the engines of one child
 * JVM share. Today each engine is built alone, all of them on one shared transport (one {@link
 * JdkTransport}, so one {@code HttpClient}; or one {@link TyrusTransport} with {@code
 * sharedContainer(true)}), so that the engines meet the raw clients on equal terms. When engines
 * can share a group, {@link #jdk} and {@link #tyrus} make the group and pass it to each builder,
 * and {@link #close()} closes it.
 *
 * <p>Threads: {@link #build} may be called from any number of threads at once; {@link #close()}
 * once, after every engine was stopped.
 */
final class ScaleEngines implements AutoCloseable {
  /** How long an engine's start may take before it gives up (a failed child must not hang). */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  /** How long an engine's stop may take. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** What a child prints about the engines: how they are built. */
  final String description;

  private final Builds builds;
  private final Runnable close;

  /** Builds one engine from a builder of this kind's engines. */
  @FunctionalInterface
  private interface Builds {
    WebSocketEngine build(WebSocketEngine.Builder builder);
  }

  private ScaleEngines(String description, Builds builds, Runnable close) {
    this.description = description;
    this.builds = builds;
    this.close = close;
  }

  /** Engines on one shared {@link JdkTransport} with a keepalive ping every {@code keepalive}. */
  static ScaleEngines jdk(Duration keepalive, Duration pongTimeout) {
    JdkTransport shared = JdkTransport.builder().keepalive(keepalive, pongTimeout).build();
    return new ScaleEngines(
        "built alone, on one shared JdkTransport",
        builder -> builder.transport(shared).build(),
        () -> {});
  }

  /**
   * Engines on one shared {@link TyrusTransport} with {@code sharedContainer(true)} and a keepalive
   * ping every {@code keepalive}.
   */
  static ScaleEngines tyrus(Duration keepalive, Duration pongTimeout) {
    TyrusTransport shared =
        TyrusTransport.builder().sharedContainer(true).keepalive(keepalive, pongTimeout).build();
    return new ScaleEngines(
        "built alone, on one shared TyrusTransport with sharedContainer(true)",
        builder -> builder.transport(shared).build(),
        () -> {});
  }

  /**
   * A new engine for {@code handler} at {@code uri}: the engine's defaults (readers and all) except
   * no reconnect (a dropped connection must show, not heal) and bounded open and stop timeouts.
   */
  WebSocketEngine build(URI uri, Object handler) {
    return builds.build(
        WebSocketEngine.builder(uri, handler)
            .reconnect(ReconnectPolicy.never())
            .openTimeout(OPEN_TIMEOUT)
            .stopTimeout(STOP_TIMEOUT));
  }

  /** Lets go of what the engines share; after every engine was stopped. */
  @Override
  public void close() {
    close.run();
  }
}
