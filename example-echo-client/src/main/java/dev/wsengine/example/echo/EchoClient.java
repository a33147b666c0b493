package dev.wsengine.example.echo;

import dev.wsengine.CloseStatus;
import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.EngineControl;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnRestartError;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.jackson.JsonEncoder;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example's handler: says hello when connected, and answers each echo with the next message
 * {@code interval} later, until it has had {@code count} echoes. The next send is scheduled on a
 * timer of its own, so no reader thread sleeps; {@link #close()} stops the timer.
 *
 * <p>Each session also sends one typed message, a {@link Greeting}, which the Jackson encoder
 * writes as JSON; its echo is decoded by {@link GreetingDecoder} and arrives at {@link
 * #greeted(Greeting, Connection)} as a {@code Greeting} again. It does not count as an echo.
 */
@Codecs(decoders = GreetingDecoder.class, encoders = JsonEncoder.class)
public final class EchoClient implements AutoCloseable {
  private static final int MAX_RECONNECT_ATTEMPTS = 5;

  private final Duration interval;
  private final long count;
  private final EventLog log;
  private final AtomicInteger echoes = new AtomicInteger();
  // Context.taskWrapping: a scheduled send is traced as a child of the echo that scheduled it.
  private final ScheduledExecutorService timer =
      Context.taskWrapping(Executors.newSingleThreadScheduledExecutor(EchoClient::timerThread));

  EchoClient(Duration interval, long count, EventLog log) {
    this.interval = interval;
    this.count = count;
    this.log = log;
  }

  @OnOpen
  void opened(Connection connection, OpenInfo info) throws IOException {
    log.event("open", connection, info.restarting() ? "reconnected" : "connected");
    // Typed: JsonEncoder sends {"from":"echo-client","text":"hello"}.
    connection.send(new Greeting("echo-client", info.restarting() ? "hello again" : "hello"));
    connection.sendText(nextMessage());
  }

  /** The greeting's echo, decoded from JSON by {@link GreetingDecoder}. */
  @OnMessage
  void greeted(Greeting greeting, Connection connection) {
    log.event("greeting", connection, greeting.toString());
  }

  /** The echo of a plain-text message: text the greeting decoder does not take. */
  @OnMessage
  void echoed(String text, Connection connection, EngineControl control) {
    log.event("echo", connection, '"' + text + '"');
    if (echoes.incrementAndGet() >= count) {
      control.exit();
    } else {
      sendLater(connection);
    }
  }

  @OnClose
  CloseStatus closed(CloseStatus received, Connection connection) {
    log.event("close", connection, received == null ? "we closed" : "server closed: " + received);
    return CloseStatus.NORMAL;
  }

  @OnRestartError
  void reconnectFailed(RestartAttempt attempt, EngineControl control) {
    log.event(
        "retry",
        "reconnect attempt " + attempt.number() + " failed: " + attempt.error().getMessage());
    if (attempt.number() >= MAX_RECONNECT_ATTEMPTS) {
      control.exit();
    }
  }

  /** Message n is the one whose echo will be the n-th; one lost with a session is sent again. */
  private String nextMessage() {
    return "hello #" + (echoes.get() + 1);
  }

  /** Sends the next message {@code interval} from now, on the timer. */
  private void sendLater(Connection connection) {
    Runnable send =
        () -> {
          try {
            connection.sendText(nextMessage());
          } catch (ConnectionClosedException sessionEnded) {
            // That session is over; the next one's @OnOpen starts again.
          } catch (IOException e) {
            log.event("error", connection, "send failed: " + e);
          }
        };
    // No need for the Future: the task reports its own failure.
    var unused = timer.schedule(send, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many echoes came back. */
  int echoes() {
    return echoes.get();
  }

  /** Stops the timer: no send is made after this returns. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "echo-client-timer");
    thread.setDaemon(true);
    return thread;
  }
}
