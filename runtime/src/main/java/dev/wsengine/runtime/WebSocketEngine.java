package dev.wsengine.runtime;

import dev.wsengine.Connection;
import dev.wsengine.Correlation;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.internal.Redaction;
import dev.wsengine.internal.RequestTargets;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.dispatch.Dispatchers;
import dev.wsengine.runtime.internal.engine.AttemptHandshake;
import dev.wsengine.runtime.internal.engine.EngineConfig;
import dev.wsengine.runtime.internal.engine.EngineCore;
import dev.wsengine.runtime.internal.engine.EngineThreads;
import dev.wsengine.runtime.internal.engine.RequestOptions;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.spi.Transport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * A WebSocket client that calls the annotated methods of one handler object: it connects, runs
 * {@code @OnOpen}, reads with a pool of reader threads calling {@code @OnMessage}, reconnects with
 * backoff when the connection drops, and stops cleanly.
 *
 * <pre>{@code
 * WebSocketEngine engine = WebSocketEngine.builder(URI.create("ws://localhost:8080/echo"), new EchoClient())
 *     .readers(4)
 *     .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter())
 *     .build();
 * engine.start();   // connected, @OnOpen done, readers running
 * ...
 * engine.stop();    // @OnClose run, close frame sent, every engine thread ended
 * }</pre>
 *
 * <p>Threads: every method may be called from any thread, including from inside the handler's
 * callbacks. {@link #stop()} called from a callback cannot wait for the callback's own thread, so
 * there it only starts the stop, like {@link #exit()}; use {@link #awaitTermination} from elsewhere
 * to wait for it. The engine's states are {@link EngineState}.
 */
public final class WebSocketEngine implements EngineControl {
  /**
   * The system property that chooses the transport when {@link Builder#transport} does not and
   * several are on the class path: a transport's {@link Transport#name() name} (such as {@code
   * tyrus} or {@code jdk}, in any case) or its class name. See docs/transports.md.
   */
  public static final String TRANSPORT_PROPERTY = "dev.wsengine.transport";

  /**
   * The transports that ship with wsengine, in the order {@code build()} prefers them when several
   * are found and {@link #TRANSPORT_PROPERTY} is not set.
   */
  private static final List<String> BUNDLED_TRANSPORTS = List.of("tyrus", "jdk");

  /** Upper bound on {@link Builder#readers(int)}: more readers than this only add contention. */
  public static final int MAX_READERS = 1024;

  /** Upper bound on the open, stop and send timeouts. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  /** Upper bound on {@link Builder#sendQueue}'s {@code maxMessages}. */
  public static final int MAX_SEND_QUEUE_MESSAGES = 1 << 20;

  /** Upper bound on {@link Builder#sendQueue}'s {@code maxBytes}: 1 GiB. */
  public static final long MAX_SEND_QUEUE_BYTES = 1L << 30;

  /** Default of {@link Builder#sendQueue}'s {@code maxMessages}. */
  public static final int DEFAULT_SEND_QUEUE_MESSAGES = 1024;

  /** Default of {@link Builder#sendQueue}'s {@code maxBytes}: 16 MiB. */
  public static final long DEFAULT_SEND_QUEUE_BYTES = 16L << 20;

  private final EngineCore core;

  private WebSocketEngine(EngineCore core) {
    this.core = core;
  }

  /**
   * Starts building an engine for {@code handler}, a handler object (a class with {@code @OnOpen},
   * {@code @OnMessage}, ... methods) that will connect to {@code uri}.
   *
   * @param uri a {@code ws://} or {@code wss://} URI; its path and query are sent as written,
   *     percent-encoding and all (characters beyond ASCII percent-encoded in UTF-8), never decoded
   * @throws IllegalArgumentException if {@code uri} is not a ws/wss URI with a host and no
   *     fragment, or its path or query cannot be sent as written: an unpaired surrogate (which a
   *     {@code URI} built with its multi-argument constructors may hold), or a control or space
   *     character not percent-encoded; the message names the character and its index, never the
   *     query's text
   */
  public static Builder builder(URI uri, Object handler) {
    return new Builder(uri, handler);
  }

  /**
   * Connects, runs {@code @OnOpen}, starts the readers and returns. Does not retry a failed first
   * open on its own.
   *
   * @throws EngineStartException if the dial or handshake failed, {@code @OnOpen} threw or called
   *     {@code exit()}, opening took longer than the open timeout, or the engine was stopped
   *     meanwhile; the connection is then closed (1001) and no engine thread is left
   * @throws IllegalStateException if the engine is not new or stopped
   */
  public void start() throws EngineStartException {
    core.start();
  }

  /**
   * Ends the session ({@code @OnClose}, then a close frame with the status it returned, 1001 by
   * default) and waits until every engine thread has ended; after that no callback runs. Does
   * nothing on an engine that is not running. From inside a callback it only starts the stop.
   *
   * @throws EngineStopException if engine threads are still running after the stop timeout
   */
  public void stop() {
    core.stop();
  }

  /**
   * Ends the current session and reconnects with the reconnect policy, promptly even on a silent
   * connection. Messages read but not yet dispatched are discarded. Does nothing unless RUNNING.
   */
  @Override
  public void restart() {
    core.restart();
  }

  /**
   * Starts stopping the engine, promptly, and returns without waiting: {@link #stop()} without the
   * wait.
   */
  @Override
  public void exit() {
    core.exit();
  }

  /** {@inheritDoc} */
  @Override
  public Pause pause() {
    return core.pause();
  }

  /** The engine's state now. */
  public EngineState state() {
    return core.state();
  }

  /** The open session's connection, to send from outside callbacks; empty between sessions. */
  public Optional<Connection> connection() {
    return core.connection();
  }

  /**
   * Why the engine stopped by itself: the outage its {@link ReconnectPolicy} answered {@link
   * ReconnectPolicy.Action#STOP} to, or the last outage before the policy gave up ({@link
   * ReconnectPolicy#delayBefore} empty). Empty while the engine runs (or never ran), after it was
   * stopped by {@link #stop()} or {@link #exit()}, after it stopped for another reason (a failed
   * first {@link #start()}, no thread to run on), and when a {@link #restart()} found the policy
   * giving up before any attempt; {@link #start()} clears it.
   *
   * <p>Thread-safe: any thread may call it at any time.
   */
  public Optional<Outage> terminationCause() {
    return core.terminationCause();
  }

  /**
   * Waits until the engine has stopped (by {@link #stop()}, {@link #exit()}, or because
   * reconnecting gave up) and all its threads have ended. Returns at once for an engine never
   * started.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return core.awaitTermination(Objects.requireNonNull(timeout, "timeout"));
  }

  /** Whether the calling thread is running one of this engine's tasks (a callback, say). */
  boolean isEngineThread() {
    return core.isEngineThread();
  }

  @Override
  public String toString() {
    return core.toString();
  }

  /**
   * Configures a {@link WebSocketEngine}. Every setter checks its value at once; {@link #build()}
   * checks the handler and finds the transport. Errors name the option, the value and what is
   * accepted.
   */
  public static final class Builder {
    private final URI uri;
    private final Object handler;
    private int readers = 4;
    private ThreadFactory threadFactory;
    private Executor executor;
    private EngineGroup group;
    private Function<? super Message, ?> orderBy;
    private ReconnectPolicy reconnect =
        ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter();
    private Duration openTimeout = Duration.ofMinutes(1);
    private Duration stopTimeout = Duration.ofMinutes(1);
    private int sendQueueMessages = DEFAULT_SEND_QUEUE_MESSAGES;
    private long sendQueueBytes = DEFAULT_SEND_QUEUE_BYTES;
    private Duration sendTimeout = Duration.ofSeconds(30);
    private OpenTelemetry openTelemetry;
    private boolean propagateTraceContext;
    private Transport transport;
    private ConnectOptions connectOptions = ConnectOptions.defaults();
    private HandshakeHook beforeHandshake;
    private DispatcherMode dispatcherMode;
    private EngineClock clock = EngineClock.SYSTEM;
    private final List<Object> codecs = new ArrayList<>();
    private Correlation correlation;
    private boolean repliesAlsoToOnMessage;
    private int maxRequestsInFlight = RequestOptions.DEFAULT_MAX_IN_FLIGHT;

    private Builder(URI uri, Object handler) {
      this.uri = checkUri(uri);
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    private static URI checkUri(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
        throw new IllegalArgumentException(
            "uri must start with ws:// or wss://; got " + Redaction.uri(uri));
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("uri must name a host; got " + Redaction.uri(uri));
      }
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "uri must not have a fragment (RFC 6455 forbids it); got " + Redaction.uri(uri));
      }
      // The path and query go on the wire as written; this refuses what cannot, naming the
      // character and where, without the query's text.
      RequestTargets.of(uri);
      return uri;
    }

    /**
     * How many of this engine's messages may be processed at once, from 1 to {@value #MAX_READERS};
     * default 4. With 1, messages are processed strictly in arrival order. This is a limit, not a
     * number of threads: an engine whose connection is quiet holds no thread, and one that is busy
     * uses at most this many at once for {@code @OnMessage}.
     */
    public Builder readers(int readers) {
      if (readers < 1 || readers > MAX_READERS) {
        throw new IllegalArgumentException(
            "readers must be between 1 and " + MAX_READERS + "; got " + readers);
      }
      this.readers = readers;
      return this;
    }

    /**
     * Makes the threads of the engine's own pool, on which all its work runs (processing messages,
     * opening, closing, reconnecting); for example {@code Thread.ofVirtual().name("feed-",
     * 0).factory()} on Java 21+ (name them: thread names are what {@link EngineStopException} and
     * thread dumps show). The pool has no thread while the engine is idle and none after {@code
     * stop()}. Default: non-daemon platform threads named {@code wsengine-N-worker-K}. Not with
     * {@link #executor} or {@link #group}.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Runs all the engine's work on {@code executor} instead of a pool of its own: for example
     * {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+. The engine never shuts it
     * down; after {@code stop()} it submits nothing more. The executor must run each task on a
     * thread of its own, not queue it behind others without bound: the engine's tasks may wait (an
     * open attempt, a backoff), and a handler may block. Not with {@link #threadFactory} or {@link
     * #group}.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the engine into {@code group}: it runs on the group's threads and, unless {@link
     * #transport} is also given, uses the group's transport, so that many engines share one pool of
     * threads and one client; closing the group stops it. Not with {@link #threadFactory} or {@link
     * #executor}.
     */
    public Builder group(EngineGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * Processes messages with the same key in arrival order, and messages with different keys
     * concurrently (up to {@link #readers}): for example {@code orderBy(m -> symbolOf(m.text()))}
     * for a market-data feed. {@code key} runs on the engine's thread for every message, before it
     * is decoded; it must be quick, and keys are compared with {@code equals}. A key function that
     * throws sends the exception to {@code @OnReadError} and the message is processed without an
     * order. At most {@code readers} messages wait behind their key; past that the engine stops
     * reading until one is processed.
     */
    public Builder orderBy(Function<? super Message, ?> key) {
      this.orderBy = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * When to re-dial after the connection drops; default exponential from 1 s to 30 s with 20%
     * jitter, first retry at once. {@link ReconnectPolicy#never()} makes a lost connection stop the
     * engine.
     */
    public Builder reconnect(ReconnectPolicy reconnect) {
      this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
      return this;
    }

    /**
     * How long dial, handshake and {@code @OnOpen} together may take, for the first start and every
     * reconnect; default 1 minute, at most 1 day. Also caps the transport's handshake timeout.
     */
    public Builder openTimeout(Duration openTimeout) {
      this.openTimeout = checkTimeout("openTimeout", openTimeout);
      return this;
    }

    /**
     * How long {@link WebSocketEngine#stop()} waits for the engine's threads; default 1 minute, at
     * most 1 day.
     */
    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout = checkTimeout("stopTimeout", stopTimeout);
      return this;
    }

    /**
     * Bounds each session's outbound queue, where every send waits to be written (blocking and
     * async alike, in call order): at most {@code maxMessages} messages (1 to {@value
     * #MAX_SEND_QUEUE_MESSAGES}) and {@code maxBytes} payload bytes (1 to 1 GiB; text counts its
     * UTF-8 bytes), the message being written included; default 1024 messages and 16 MiB. A send
     * past either limit fails at once with {@link dev.wsengine.SendQueueFullException}; a message
     * bigger than {@code maxBytes} is still accepted into an empty queue.
     */
    public Builder sendQueue(int maxMessages, long maxBytes) {
      if (maxMessages < 1 || maxMessages > MAX_SEND_QUEUE_MESSAGES) {
        throw new IllegalArgumentException(
            "sendQueue maxMessages must be between 1 and "
                + MAX_SEND_QUEUE_MESSAGES
                + "; got "
                + maxMessages);
      }
      if (maxBytes < 1 || maxBytes > MAX_SEND_QUEUE_BYTES) {
        throw new IllegalArgumentException(
            "sendQueue maxBytes must be between 1 and "
                + MAX_SEND_QUEUE_BYTES
                + " (1 GiB); got "
                + maxBytes);
      }
      this.sendQueueMessages = maxMessages;
      this.sendQueueBytes = maxBytes;
      return this;
    }

    /**
     * How long a message may take to be written, from the send call (queue time included) to the
     * end of its write; default 30 seconds, at most 1 day. Past it, an async send's future fails
     * with {@link java.util.concurrent.TimeoutException} and a blocking send throws {@link
     * dev.wsengine.SendTimeoutException}; if the message's write itself was stuck, the engine
     * aborts the connection (its session is then lost and the engine reconnects per its policy).
     * Measured on the engine's {@link #clock}.
     */
    public Builder sendTimeout(Duration sendTimeout) {
      this.sendTimeout = checkTimeout("sendTimeout", sendTimeout);
      return this;
    }

    private static Duration checkTimeout(String option, Duration value) {
      Objects.requireNonNull(value, option);
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            option + " must be more than 0 and at most " + MAX_TIMEOUT + "; got " + value);
      }
      return value;
    }

    /**
     * Where spans and metrics go; default {@link GlobalOpenTelemetry#get()}. With no SDK installed
     * the engine's tracing costs what the no-op API costs. See {@code docs/tracing.md} for every
     * span and instrument.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Whether the opening handshake carries a W3C {@code traceparent} header (and {@code
     * tracestate}, if any) naming the handshake's {@code websocket.connect} span, so that a server
     * that reads it continues the trace. Default false: the header tells the server the trace id. A
     * {@code traceparent} header set in {@link #connectOptions} is sent as it is instead.
     */
    public Builder propagateTraceContext(boolean propagateTraceContext) {
      this.propagateTraceContext = propagateTraceContext;
      return this;
    }

    /**
     * The transport to connect with; default the one {@link ServiceLoader} finds on the class path.
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Headers, subprotocols, TLS, handshake timeout, message size limits, proxy; default {@link
     * ConnectOptions#defaults()}.
     */
    public Builder connectOptions(ConnectOptions connectOptions) {
      this.connectOptions = Objects.requireNonNull(connectOptions, "connectOptions");
      return this;
    }

    /**
     * A hook the engine calls before every dial, the first and each reconnect attempt, to set that
     * attempt's headers and subprotocols: a fresh token, a signature. See {@link HandshakeHook} for
     * its threads and what a failure in it does. Default none: every attempt sends {@link
     * #connectOptions} as they are.
     */
    public Builder beforeHandshake(HandshakeHook hook) {
      this.beforeHandshake = Objects.requireNonNull(hook, "beforeHandshake");
      return this;
    }

    /**
     * Which dispatcher calls the handler; default from the system property {@value
     * Dispatchers#MODE_PROPERTY}, else {@link DispatcherMode#AUTO}.
     */
    public Builder dispatcherMode(DispatcherMode dispatcherMode) {
      this.dispatcherMode = Objects.requireNonNull(dispatcherMode, "dispatcherMode");
      return this;
    }

    /**
     * The clock the engine measures reconnect backoff, the open and stop timeouts and session
     * uptime by; default {@link EngineClock#SYSTEM}, real time. For tests: the test kit's {@code
     * VirtualClock} makes a backoff or a timeout pass when the test says so, without waiting for
     * it. The transport's own timeouts (handshake, keepalive) and {@link
     * WebSocketEngine#awaitTermination} stay in real time.
     */
    public Builder clock(EngineClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A configured decoder or encoder: a {@link dev.wsengine.Decoder} or {@link
     * dev.wsengine.Encoder}, or a {@code jakarta.websocket} one. An instance of a class the
     * handler's {@link dev.wsengine.Codecs} names takes the place of the one the engine would make
     * with its no-argument constructor (the way to give a codec its configuration, such as an
     * {@code ObjectMapper}); any other comes after the declared ones, in the order given. May be
     * called several times, with one instance per class.
     *
     * @throws IllegalArgumentException if {@code codec} is neither a decoder nor an encoder, or an
     *     instance of its class was given already
     */
    public Builder codec(Object codec) {
      Objects.requireNonNull(codec, "codec");
      List<Object> checked = new ArrayList<>(codecs);
      checked.add(codec);
      MessageCodecs.checkGiven(checked);
      codecs.add(codec);
      return this;
    }

    // -------------------------------------------------------------------------------------------
    // Requests (docs/requests.md)

    /**
     * How replies are matched to requests, which makes {@link Connection#request(String, Duration)}
     * and {@link Connection#request(Object, Class, Duration)} available: the id a request carries
     * and the id an incoming message answers. For a JSON field, {@code JsonCorrelation.field("id")}
     * of {@code wsengine-jackson}. Default none ({@code request(...)} then throws {@link
     * IllegalStateException}).
     */
    public Builder correlation(Correlation correlation) {
      this.correlation = Objects.requireNonNull(correlation, "correlation");
      return this;
    }

    /**
     * Whether a reply matched to its request is also given to {@code @OnMessage}; default false:
     * only the request's future gets it. Replies that match no pending request (late, unknown id)
     * go to {@code @OnMessage} either way.
     */
    public Builder repliesAlsoToOnMessage(boolean repliesAlsoToOnMessage) {
      this.repliesAlsoToOnMessage = repliesAlsoToOnMessage;
      return this;
    }

    /**
     * How many requests of one session may wait for their reply at once, from 1 to 1048576 (2^20);
     * default 1024. A request past it fails at once with an {@link IllegalStateException} naming
     * the limit, before anything is sent.
     */
    public Builder maxRequestsInFlight(int maxRequestsInFlight) {
      if (maxRequestsInFlight < 1 || maxRequestsInFlight > RequestOptions.MAX_IN_FLIGHT) {
        throw new IllegalArgumentException(
            "maxRequestsInFlight must be between 1 and "
                + RequestOptions.MAX_IN_FLIGHT
                + "; got "
                + maxRequestsInFlight);
      }
      this.maxRequestsInFlight = maxRequestsInFlight;
      return this;
    }

    /**
     * Checks the handler, finds the transport, and builds the engine (not started).
     *
     * @throws InvalidHandlerException if the handler's callbacks break the rules (all problems
     *     listed)
     * @throws IllegalArgumentException if the dispatcher mode is {@link DispatcherMode#GENERATED}
     *     and no generated dispatcher exists, or the handler's module does not let the runtime in
     * @throws IllegalStateException if no transport was given and none, or more than one, is on the
     *     class path
     */
    public WebSocketEngine build() {
      DispatcherMode mode = dispatcherMode != null ? dispatcherMode : Dispatchers.defaultMode();
      Dispatcher<?> dispatcher = Dispatchers.create(handler, mode);
      MessageCodecs messageCodecs = MessageCodecs.create(handler.getClass(), codecs);
      if ((threadFactory != null ? 1 : 0) + (executor != null ? 1 : 0) + (group != null ? 1 : 0)
          > 1) {
        throw new IllegalStateException(
            "threadFactory, executor and group each choose where the engine runs; set one of them,"
                + " got "
                + (threadFactory != null ? "threadFactory " : "")
                + (executor != null ? "executor " : "")
                + (group != null ? "group" : "").trim());
      }
      Transport chosen = transport == null && group != null ? group.transport() : chosenTransport();
      OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
      Executor runsOn = group != null ? group.executor() : executor;
      WebSocketEngine engine =
          new WebSocketEngine(
              new EngineCore(
                  new EngineConfig(
                      uri,
                      Redaction.uri(uri),
                      dispatcher,
                      chosen,
                      connectOptions,
                      readers,
                      threadFactory != null ? threadFactory : EngineThreads.DEFAULT,
                      runsOn,
                      group != null ? group.timer() : null,
                      reconnect,
                      openTimeout,
                      stopTimeout,
                      otel,
                      propagateTraceContext,
                      clock,
                      messageCodecs,
                      orderBy,
                      sendQueueMessages,
                      sendQueueBytes,
                      sendTimeout,
                      new RequestOptions(correlation, repliesAlsoToOnMessage, maxRequestsInFlight),
                      beforeHandshake == null
                          ? AttemptHandshake.NONE
                          : (attempt, options) ->
                              HandshakeRequest.prepare(beforeHandshake, uri, attempt, options))));
      if (group != null) {
        group.add(engine);
      }
      return engine;
    }

    /** The transport build() uses: the one given, else the one found (docs/transports.md). */
    Transport chosenTransport() {
      return transport != null ? transport : findTransport();
    }

    static Transport findTransport() {
      List<Transport> found = new ArrayList<>();
      try {
        ServiceLoader.load(Transport.class).forEach(found::add);
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException(
            "a wsengine transport on the class path failed to load: " + e.getMessage(), e);
      }
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "no wsengine transport on the class path: add the dependency"
                + " dev.wsengine:wsengine-tyrus or dev.wsengine:wsengine-jdk, or pass one with"
                + " WebSocketEngine.Builder.transport(...)");
      }
      String wanted = System.getProperty(TRANSPORT_PROPERTY);
      if (wanted != null && !wanted.isBlank()) {
        for (Transport transport : found) {
          if (transport.name().equalsIgnoreCase(wanted.strip())
              || transport.getClass().getName().equals(wanted.strip())) {
            return transport;
          }
        }
        throw new IllegalStateException(
            "system property "
                + TRANSPORT_PROPERTY
                + " is '"
                + wanted
                + "', but the wsengine transports on the class path are "
                + describe(found)
                + ": name one of them, by name or class name");
      }
      if (found.size() == 1) {
        return found.get(0);
      }
      // Only transports that ship with wsengine: the documented preference decides. With one of
      // another origin among them, the user added it on purpose, and must say which to use.
      if (found.stream().allMatch(t -> BUNDLED_TRANSPORTS.contains(t.name()))) {
        for (String name : BUNDLED_TRANSPORTS) {
          for (Transport transport : found) {
            if (transport.name().equals(name)) {
              return transport;
            }
          }
        }
      }
      throw new IllegalStateException(
          "more than one wsengine transport on the class path "
              + describe(found)
              + ": choose one with WebSocketEngine.Builder.transport(...) or the system property "
              + TRANSPORT_PROPERTY
              + "=<name>");
    }

    /** {@code [tyrus (dev.wsengine.tyrus.TyrusTransport), ...]}, or class names alone. */
    private static String describe(List<Transport> transports) {
      List<String> names = new ArrayList<>();
      for (Transport t : transports) {
        String type = t.getClass().getName();
        names.add(t.name().equals(type) ? type : t.name() + " (" + type + ")");
      }
      return names.toString();
    }
  }
}
