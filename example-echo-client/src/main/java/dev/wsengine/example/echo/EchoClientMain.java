package dev.wsengine.example.echo;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.example.echo.Options.HostPort;
import dev.wsengine.example.echo.Options.UsageException;
import dev.wsengine.jdk.JdkTransport;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineStopException;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.Transport;
import dev.wsengine.tyrus.TyrusTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The echo client's program: parses the command line, starts the embedded echo server (or uses
 * {@code --url}), runs an {@link EchoClient} through a {@link WebSocketEngine} traced with the
 * OpenTelemetry SDK (on the transport {@code --transport} names, or the one the engine chooses),
 * and at the end prints the trace of one received message. {@code --serve} runs the echo server
 * alone. See {@link Options} for the command line.
 *
 * <p>{@link #run} is the whole program and returns its exit status; {@link #requestStop()} is what
 * Ctrl-C does (from the shutdown hook {@link #main} installs), and may be called from any thread.
 */
public final class EchoClientMain {
  /** Exit status: done (the count reached, or stopped by Ctrl-C). */
  static final int OK = 0;

  /** Exit status: could not connect or listen, or reconnecting gave up. */
  static final int FAILED = 1;

  /** Exit status: a bad command line. */
  static final int USAGE = 2;

  private static final ReconnectPolicy RECONNECT =
      ReconnectPolicy.exponential(Duration.ofMillis(250), Duration.ofSeconds(5)).withJitter();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** How long Ctrl-C waits for {@link #run} to stop everything and print the trace. */
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  /** Held so the levels set in {@link #quietLibraryLogs} are not garbage-collected away. */
  private static final Logger[] QUIETED = {
    Logger.getLogger("org.glassfish"), Logger.getLogger("dev.wsengine")
  };

  private final Map<String, String> env;
  private final Clock clock;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Object lock = new Object();

  @GuardedBy("lock")
  private boolean stopping;

  @GuardedBy("lock")
  private WebSocketEngine engine;

  /**
   * A program that reads the environment variables from {@code env} (only {@value
   * Tracing#OTLP_ENDPOINT} decides anything) and tells the time by {@code clock}.
   */
  EchoClientMain(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Runs the program; exits with its status when that is not 0. */
  public static void main(String[] args) {
    quietLibraryLogs();
    EchoClientMain program =
        new EchoClientMain(System.getenv(), Clock.system(ZoneId.systemDefault()));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(program::requestStopAndWait, "echo-client-shutdown"));
    int status = program.run(args, System.out, System.err);
    if (status != OK) {
      System.exit(status);
    }
  }

  /**
   * The whole program: returns once it is done (the count reached, {@link #requestStop()}, a
   * failure) and everything it started has stopped.
   *
   * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
   */
  int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Options options;
      try {
        options = Options.parse(args);
      } catch (UsageException e) {
        err.println("echo-client: " + e.getMessage());
        err.println();
        err.println(Options.USAGE);
        return USAGE;
      }
      if (options.help) {
        out.println(Options.USAGE);
        return OK;
      }
      EventLog log = new EventLog(out, clock);
      return options.serve.isPresent()
          ? serve(options.serve.get(), log, err)
          : talk(options, log, out, err);
    } finally {
      finished.countDown();
    }
  }

  /** What Ctrl-C does: stops the engine or the server, promptly; {@link #run} then returns. */
  void requestStop() {
    WebSocketEngine running;
    synchronized (lock) {
      stopping = true;
      running = engine;
    }
    stopRequested.countDown();
    if (running != null) {
      running.stop();
    }
  }

  private void requestStopAndWait() {
    try {
      requestStop();
      // The JVM exits when the shutdown hooks return: let run() finish its cleanup and printing.
      finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.err.println("echo-client: stopping failed: " + e);
    }
  }

  private boolean stopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  private int serve(HostPort at, EventLog log, PrintStream err) {
    try (EchoServer server = EchoServer.start(at.host(), at.port())) {
      log.event("server", "echo server on " + server.uri() + "; Ctrl-C stops it");
      stopRequested.await();
      log.event("stopped", "echo server");
      return OK;
    } catch (IOException e) {
      err.println(
          "echo-client: cannot listen on " + at.host() + ":" + at.port() + ": " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  private int talk(Options options, EventLog log, PrintStream out, PrintStream err) {
    Tracing tracing = Tracing.start(env);
    EchoServer server = null;
    EchoClient client = null;
    int status;
    try {
      URI uri;
      if (options.url.isPresent()) {
        uri = options.url.get();
      } else {
        server = EchoServer.start("127.0.0.1", 0);
        uri = server.uri();
        log.event("server", "embedded echo server on " + uri);
      }
      log.event(
          "tracing",
          tracing
              .endpoint()
              .map(endpoint -> "spans go to " + endpoint + " by OTLP; one trace is printed at exit")
              .orElse("spans stay in this process; one trace is printed at exit"));
      client = new EchoClient(options.interval, options.count, log);
      WebSocketEngine.Builder builder =
          WebSocketEngine.builder(uri, client)
              .readers(options.readers)
              .reconnect(RECONNECT)
              .stopTimeout(STOP_TIMEOUT)
              .openTelemetry(tracing.openTelemetry());
      // Without --transport the engine chooses (docs/transports.md): Tyrus, with both here.
      options.transport.ifPresent(name -> builder.transport(transport(name)));
      status = connectAndWait(builder.build(), client, options, uri, log, err);
    } catch (IOException e) {
      err.println("echo-client: the embedded echo server did not start: " + e.getMessage());
      status = FAILED;
    } finally {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      tracing.close();
    }
    printTrace(tracing, out);
    return status;
  }

  private int connectAndWait(
      WebSocketEngine built,
      EchoClient client,
      Options options,
      URI uri,
      EventLog log,
      PrintStream err) {
    synchronized (lock) {
      if (stopping) {
        return OK;
      }
      engine = built;
    }
    log.event(
        "connect",
        uri + options.transport.map(name -> " over the " + name + " transport").orElse(""));
    try {
      built.start();
    } catch (EngineStartException e) {
      if (stopping()) {
        return OK;
      }
      err.println("echo-client: " + e.getMessage()); // the engine says why, once
      return FAILED;
    }
    try {
      // Until --count echoes, a given-up reconnect, or Ctrl-C (whose hook calls stop()).
      built.awaitTermination(ChronoUnit.FOREVER.getDuration());
      built.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      built.stop();
      return FAILED;
    } catch (EngineStopException e) {
      err.println("echo-client: " + e.getMessage());
      return FAILED;
    }
    int echoes = client.echoes();
    if (stopping()) {
      log.event("stopped", echoes + " echoes; stopped (Ctrl-C)");
      return OK;
    }
    if (options.counted() && echoes >= options.count) {
      log.event("done", echoes + " echoes");
      return OK;
    }
    log.event("stopped", echoes + " echoes; gave up reconnecting");
    return FAILED;
  }

  /**
   * The transport {@code --transport} names, made with its defaults; the engine's builder then uses
   * it instead of looking for one on the class path.
   */
  static Transport transport(String name) {
    return switch (name) {
      case "jdk" -> new JdkTransport();
      case "tyrus" -> new TyrusTransport();
      default -> throw new IllegalArgumentException("transport must be jdk or tyrus; got " + name);
    };
  }

  private static void printTrace(Tracing tracing, PrintStream out) {
    out.println();
    out.print(
        SpanTreePrinter.messageTrace(tracing.recordedSpans())
            .orElse("no message was received, so there is no message trace to show\n"));
    out.flush();
  }

  /**
   * Tyrus and Grizzly announce every start and stop at INFO; the example's own lines say enough.
   */
  private static void quietLibraryLogs() {
    for (Logger logger : QUIETED) {
      logger.setLevel(Level.WARNING);
    }
  }
}
