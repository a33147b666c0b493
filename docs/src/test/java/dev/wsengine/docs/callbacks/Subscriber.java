package dev.wsengine.docs.callbacks;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.HandshakeException;
import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.OnRestartError;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.runtime.UnhandledMessageException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/** A handler with all six callbacks; callbacks.md shows it one method at a time. */
public final class Subscriber {
  private static final Logger LOG = System.getLogger(Subscriber.class.getName());

  private volatile long lastSequence;

  // snippet:on-open
  @OnOpen
  void opened(Connection connection, OpenInfo info) throws IOException {
    if (info.handshake().subprotocol().isEmpty()) {
      throw new IOException("the server offered no subprotocol"); // fails this open
    }
    connection.sendText(info.restarting() ? "resume " + lastSequence : "subscribe");
  }

  // end-snippet

  // snippet:on-message
  @OnMessage
  String text(String message) {
    if (message.equals("ping")) {
      return "pong"; // sent back as a text message
    }
    lastSequence++;
    return null; // nothing to send
  }

  @OnMessage
  void binary(ByteBuffer data, Connection connection) {
    // a read-only view of the message, for this call only
    LOG.log(Level.DEBUG, "{0} bytes on session {1}", data.remaining(), connection.sessionId());
  }

  // end-snippet

  // snippet:on-close
  @OnClose
  CloseStatus closed(CloseStatus received, Connection connection) throws IOException {
    if (received == null) { // this side is closing: the connection is still open
      connection.sendText("unsubscribe");
      return CloseStatus.NORMAL;
    }
    LOG.log(Level.INFO, "the server closed with {0}", received);
    return null; // the connection is closed already; nothing is sent
  }

  // end-snippet

  // snippet:on-read-error
  @OnReadError
  void readFailed(Throwable error, EngineControl control) {
    if (error instanceof UnhandledMessageException unhandled) {
      LOG.log(Level.WARNING, "no @OnMessage for {0}", unhandled.unhandledMessage());
    } else if (error instanceof IOException) {
      control.restart(); // a read failed: start a new session
    } else {
      LOG.log(Level.WARNING, "@OnMessage failed", error); // reading goes on
    }
  }

  // end-snippet

  // snippet:on-close-error
  @OnCloseError
  void closeFailed(Throwable error) {
    LOG.log(Level.WARNING, "closing the session failed", error);
  }

  // end-snippet

  // snippet:on-restart-error
  @OnRestartError
  void reconnectFailed(Throwable error, RestartAttempt attempt, EngineControl control) {
    if (error instanceof HandshakeException refused && refused.status() == 401) {
      control.exit(); // retrying will not fix our credentials
    } else if (attempt.number() % 10 == 0) {
      LOG.log(
          Level.WARNING, "still cannot reconnect after " + attempt.number() + " attempts", error);
    }
  }
  // end-snippet
}
