package dev.wsengine.tyrus.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus's Grizzly client container, with a {@link FrameGuard} in front of Tyrus's frame parser.
 * Everything else (TCP, TLS, proxy, the shared container, the handshake) is Grizzly's container
 * unchanged: this one only wraps the {@link ClientEngine} that Tyrus hands to it, so that the
 * connection made after a successful handshake reads the server's bytes (after TLS) through the
 * guard. When the guard finds a masked frame or a negative length, the bytes before the offending
 * byte go to Tyrus, the rest of the stream is dropped, and the {@link ProtocolViolations} from the
 * client properties ({@link #PROTOCOL_VIOLATIONS}) closes the session with 1002. Without that
 * property the engine is passed on unwrapped.
 *
 * <p>Tyrus creates it by name ({@code ClientManager.createClient(String)}), hence public; it is not
 * API.
 *
 * <p>Threads: Grizzly's container delivers a connection's reads one at a time, in order, from its
 * per-connection task processor (a lock held around each delivery), on Grizzly worker threads; the
 * guard's state is touched only there, so the lock orders every access to it.
 */
public final class GuardedGrizzlyContainer implements ClientContainer {
  /** The client property holding the connection's {@link ProtocolViolations}. */
  public static final String PROTOCOL_VIOLATIONS =
      GuardedGrizzlyContainer.class.getName() + ".protocolViolations";

  /**
   * The client property holding a {@code Function<List<String>, String>} that checks the values of
   * the server's {@code Sec-WebSocket-Extensions} answer: null if valid, else why the handshake
   * fails. Tyrus itself ignores an extension it did not offer.
   */
  public static final String EXTENSIONS_CHECK =
      GuardedGrizzlyContainer.class.getName() + ".extensionsCheck";

  /**
   * The client property holding the connection's {@link TlsFailures}, if its TLS context reports to
   * one: a TLS failure before the upgrade completed then fails the connect at once.
   */
  public static final String TLS_FAILURES =
      GuardedGrizzlyContainer.class.getName() + ".tlsFailures";

  private final ClientContainer grizzly = new GrizzlyClientContainer();

  /** For Tyrus, which creates containers by class name. */
  public GuardedGrizzlyContainer() {}

  @Override
  public void openClientSocket(
      ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
      throws DeploymentException, IOException {
    Object violations = properties.get(PROTOCOL_VIOLATIONS);
    if (!(violations instanceof ProtocolViolations v)) {
      grizzly.openClientSocket(config, properties, engine);
      return;
    }
    GuardedEngine guarded =
        new GuardedEngine(engine, v, extensionsCheck(properties.get(EXTENSIONS_CHECK)));
    if (properties.get(TLS_FAILURES) instanceof TlsFailures tls) {
      guarded.tls = tls;
      tls.attach(guarded::processError);
    }
    grizzly.openClientSocket(config, properties, guarded);
  }

  @SuppressWarnings("unchecked") // the transport puts a Function<List<String>, String>
  private static Function<List<String>, String> extensionsCheck(Object check) {
    return check instanceof Function<?, ?> f
        ? (Function<List<String>, String>) f
        : PerMessageDeflate::checkNothingAccepted;
  }

  private static final class GuardedEngine implements ClientEngine {
    private final ClientEngine tyrus;
    private final ProtocolViolations violations;
    private final Function<List<String>, String> extensionsCheck;

    /** What closes the connect's Grizzly transport; set before the connect starts. */
    private volatile TimeoutHandler closer;

    /** Where the connection's TLS engines report, or null; set before the connect starts. */
    private volatile TlsFailures tls;

    GuardedEngine(
        ClientEngine tyrus,
        ProtocolViolations violations,
        Function<List<String>, String> extensionsCheck) {
      this.tyrus = tyrus;
      this.violations = violations;
      this.extensionsCheck = extensionsCheck;
    }

    @Override
    public UpgradeRequest createUpgradeRequest(TimeoutHandler timeoutHandler) {
      closer = timeoutHandler;
      return tyrus.createUpgradeRequest(timeoutHandler);
    }

    @Override
    public ClientUpgradeInfo processResponse(
        UpgradeResponse response, Writer writer, Connection.CloseListener closeListener) {
      TlsFailures reporting = tls;
      if (reporting != null) {
        reporting
            .detach(); // a response came: TLS failures from now on end a session, not a connect
      }
      if (response.getStatus() == 101) {
        String problem = extensionsCheck.apply(extensionValues(response.getHeaders()));
        if (problem != null) {
          // As Tyrus fails a response that breaks the handshake (a wrong Sec-WebSocket-Accept).
          tyrus.processError(new HandshakeException(101, problem));
          return new ClientUpgradeInfo() {
            @Override
            public ClientUpgradeStatus getUpgradeStatus() {
              return ClientUpgradeStatus.UPGRADE_REQUEST_FAILED;
            }

            @Override
            public Connection createConnection() {
              return null;
            }
          };
        }
      }
      ClientUpgradeInfo upgrade = tyrus.processResponse(response, writer, closeListener);
      if (upgrade.getUpgradeStatus() != ClientUpgradeStatus.SUCCESS) {
        return upgrade;
      }
      return new ClientUpgradeInfo() {
        @Override
        public ClientUpgradeStatus getUpgradeStatus() {
          return ClientUpgradeStatus.SUCCESS;
        }

        @Override
        public Connection createConnection() {
          return new GuardedConnection(upgrade.createConnection(), violations);
        }
      };
    }

    @Override
    public void processError(Throwable t) {
      tyrus.processError(t);
      TimeoutHandler close = closer;
      if (close != null && (isProxyRefusal(t) || t instanceof SSLException)) {
        // Tyrus fails the connect when the proxy refuses the CONNECT (GrizzlyClientFilter), or
        // here when TLS failed (TlsFailures), but leaves the connection's own Grizzly transport,
        // and so its three threads, running. Its handshake-timeout handler is what closes that
        // transport (a shared container's stays, and the connection with it until the peer closes).
        close.handleTimeout();
      }
    }

    /** Tyrus's report of a CONNECT the proxy answered with a status other than 200. */
    private static boolean isProxyRefusal(Throwable t) {
      return t instanceof IOException
          && t.getMessage() != null
          && t.getMessage().startsWith("Proxy error. ");
    }
  }

  private static List<String> extensionValues(Map<String, List<String>> headers) {
    List<String> values = new ArrayList<>();
    headers.forEach(
        (name, list) -> {
          if ("Sec-WebSocket-Extensions".equalsIgnoreCase(name) && list != null) {
            values.addAll(list);
          }
        });
    return values;
  }

  private static final class GuardedConnection implements Connection {
    private final Connection tyrus;
    private final GuardedReads reads;

    GuardedConnection(Connection tyrus, ProtocolViolations violations) {
      this.tyrus = tyrus;
      this.reads = new GuardedReads(tyrus.getReadHandler(), violations);
    }

    @Override
    public ReadHandler getReadHandler() {
      return reads;
    }

    @Override
    public Writer getWriter() {
      return tyrus.getWriter();
    }

    @Override
    public CloseListener getCloseListener() {
      return tyrus.getCloseListener();
    }

    @Override
    public void close(CloseReason reason) {
      tyrus.close(reason);
    }
  }

  /** Reads through the guard; confined to the connection's task processor (see the class doc). */
  private static final class GuardedReads implements ReadHandler {
    private final ReadHandler tyrus;
    private final ProtocolViolations violations;
    private final FrameGuard guard = new FrameGuard();
    private boolean broken;

    GuardedReads(ReadHandler tyrus, ProtocolViolations violations) {
      this.tyrus = tyrus;
      this.violations = violations;
    }

    @Override
    public void handle(ByteBuffer data) {
      if (broken || data == null) {
        return; // after a violation nothing reaches Tyrus; the session is closing
      }
      int bad = guard.scan(data);
      if (bad < 0) {
        tyrus.handle(data);
        return;
      }
      broken = true;
      if (bad > data.position()) {
        ByteBuffer before = data.duplicate();
        before.limit(bad);
        tyrus.handle(before);
      }
      violations.protocolError(guard.violation());
    }
  }
}
