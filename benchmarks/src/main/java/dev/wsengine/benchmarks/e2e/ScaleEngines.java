package dev.wsengine.benchmarks.e2e;

import dev.wsengine.jdk.JdkTransport;
import dev.wsengine.runtime.EngineGroup;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.tyrus.TyrusTransport;
import java.net.URI;
import java.time.Duration;

/**
 * How the scale scenario builds its engines: the one place that says what the engines of one child
 * JVM share. All of them are built into one {@link EngineGroup} (its pool of threads) on one shared
 * transport (one {@link JdkTransport}, so one {@code HttpClient}; or one {@link TyrusTransport}
 * with {@code sharedContainer(true)}), as issue 16 measures them, so that the engines meet the raw
 * clients on equal terms; {@link #close()} closes the group.
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
    EngineGroup group = EngineGroup.builder().transport(shared).stopTimeout(STOP_TIMEOUT).build();
    return new ScaleEngines(
        "in one EngineGroup, on one shared JdkTransport",
        builder -> builder.group(group).build(),
        group::close);
  }

  /**
   * Engines on one shared {@link TyrusTransport} with {@code sharedContainer(true)} and a keepalive
   * ping every {@code keepalive}.
   */
  static ScaleEngines tyrus(Duration keepalive, Duration pongTimeout) {
    TyrusTransport shared =
        TyrusTransport.builder().sharedContainer(true).keepalive(keepalive, pongTimeout).build();
    EngineGroup group = EngineGroup.builder().transport(shared).stopTimeout(STOP_TIMEOUT).build();
    return new ScaleEngines(
        "in one EngineGroup, on one shared TyrusTransport with sharedContainer(true)",
        builder -> builder.group(group).build(),
        group::close);
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
