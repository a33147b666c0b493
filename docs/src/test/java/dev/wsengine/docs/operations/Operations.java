package dev.wsengine.docs.operations;

import dev.wsengine.Connection;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineStopException;
import dev.wsengine.runtime.WebSocketEngine;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/** The snippets of engine-operations.md; OperationsTest runs them against an echo server. */
final class Operations {
  private static final Logger LOG = System.getLogger(Operations.class.getName());

  private Operations() {}

  static boolean start(WebSocketEngine engine) {
    // snippet:start
    try {
      engine.start();
    } catch (EngineStartException e) {
      if (e.getCause() instanceof HandshakeException refused) {
        LOG.log(Level.ERROR, "the server refused us with HTTP status " + refused.status());
      } else {
        LOG.log(Level.ERROR, "could not start", e); // the message says which step failed
      }
      return false; // nothing is left running
    }
    // end-snippet
    return true;
  }

  static void runUntilStopped(WebSocketEngine engine)
      throws EngineStartException, InterruptedException {
    // snippet:run
    engine.start();
    Runtime.getRuntime().addShutdownHook(new Thread(engine::stop, "stop-websocket"));
    while (!engine.awaitTermination(Duration.ofMinutes(1))) {
      LOG.log(Level.DEBUG, "still {0}", engine.state());
    }
    // here the engine stopped: exit() or stop() was called, or reconnecting gave up
    // end-snippet
  }

  static void send(WebSocketEngine engine) throws IOException {
    // snippet:send
    Optional<Connection> connection = engine.connection(); // empty between sessions
    if (connection.isPresent()) {
      connection.get().sendText("status?"); // may still throw ConnectionClosedException
    }
    // end-snippet
  }

  static Optional<Message> ask(WebSocketEngine engine) throws IOException, InterruptedException {
    // snippet:pause
    try (Pause pause = engine.pause()) {
      Connection connection = engine.connection().orElseThrow();
      connection.sendText("snapshot?");
      return connection.receive(Duration.ofSeconds(5)); // the readers read nothing meanwhile
    }
    // end-snippet
  }

  static void stop(WebSocketEngine engine) {
    // snippet:stop
    try {
      engine.stop();
    } catch (EngineStopException e) {
      // some engine thread was still running after stopTimeout, usually in a callback that does not
      // return; the message names each thread and where it is. The engine goes on stopping.
      LOG.log(Level.ERROR, "the engine did not stop in time", e);
    }
    // end-snippet
  }
}
