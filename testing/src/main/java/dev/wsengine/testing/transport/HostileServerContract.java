package dev.wsengine.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.transport.RawConnection.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link TransportConnection} contract against servers that break RFC 6455, or the link, on
 * purpose: a {@link RawServer} completes the handshake, waits for the client's first message (so
 * the client is surely connected), then plays one {@link Case}. For each case the suite asserts
 * what {@code read()} reports (the code of the {@link ConnectionClosedException}), the close frame
 * the client sends back (its code, or none), that a message sent before the offending bytes is read
 * first and nothing after them is, and that the client ends the link within {@link #WAIT}. Then the
 * pings, the handshake timeout, an interrupted connect and two kinds of refusal.
 *
 * <p><b>The expectations</b> are RFC 6455's: {@link Case#ideal()}. A transport that does otherwise
 * says so in {@link #deviations()}, case by case, with the reason; the suite then asserts the
 * deviation instead, so a transport that starts to behave as the RFC wants fails until its
 * declaration goes. A subclass provides:
 *
 * <pre>{@code
 * class MyHostileContractTest extends HostileServerContract {
 *   @Override
 *   protected Transport transport() {
 *     return MyTransport.builder().noKeepalive().build();
 *   }
 *
 *   @Override
 *   protected Transport transportWithKeepalive(Duration interval, Duration pongTimeout) {
 *     return MyTransport.builder().keepalive(interval, pongTimeout).build();
 *   }
 *
 *   @Override
 *   protected Map<Case, Expected> deviations() {
 *     return Map.of(
 *         Case.CLOSE_WITHOUT_STATUS,
 *         Expected.of(1000, 1000).because("the library reports an empty close frame as 1000"));
 *   }
 * }
 * }</pre>
 *
 * <p>{@code docs/transports.md} has the table of what the bundled transports do.
 *
 * <p><b>Threads.</b> Each raw server runs its script on threads of its own ({@code test-raw-N-*},
 * daemons), ended when the server closes after each test; cases run one at a time.
 *
 * <p><b>Class path.</b> JUnit 5 with {@code junit-jupiter-params}; no server library.
 */
public abstract class HostileServerContract extends ContractSupport {
  /** The keepalive the {@link Case#KEEPALIVE_DEADLINE} case uses: short, as the server fails it. */
  private static final Duration KEEPALIVE_INTERVAL = Duration.ofMillis(100);

  private static final Duration PONG_TIMEOUT = Duration.ofMillis(200);

  private static final String BEFORE = "before";
  private static final String AFTER = "after";

  /** The frames the client sent after its first message, until it ended the link. */
  private final CompletableFuture<List<Frame>> clientFrames = new CompletableFuture<>();

  protected HostileServerContract() {}

  /**
   * The transport under test with a keepalive of its own: a ping every {@code interval}, a link
   * without a pong within {@code pongTimeout} of one is dead. For {@link Case#KEEPALIVE_DEADLINE}.
   */
  protected abstract Transport transportWithKeepalive(Duration interval, Duration pongTimeout);

  /**
   * Where the transport under test does not do what RFC 6455 asks ({@link Case#ideal()}): what it
   * does instead, each with its reason ({@link Expected#because}). Empty by default.
   */
  protected Map<Case, Expected> deviations() {
    return Map.of();
  }

  /**
   * What the transport does with a refusal whose body never ends ({@link
   * #aRefusalWithAnEndlessBodyEnds}): by default {@link EndlessRefusal#HANDSHAKE_EXCEPTION}.
   */
  protected EndlessRefusal aRefusalWithAnEndlessBody() {
    return EndlessRefusal.HANDSHAKE_EXCEPTION;
  }

  /**
   * The outcome of a {@link Case}: the code {@code read()} reports, and the close frame the client
   * sends back (or one of several, where the transport's library races with itself).
   *
   * @param reads the code of the {@link ConnectionClosedException} reads throw
   * @param sends what the client sends back, each the code of one close frame, {@link
   *     #NO_CLOSE_FRAME} or {@link #CLOSE_FRAME_WITHOUT_STATUS}: the first is what RFC 6455 wants,
   *     or the transport mostly does; any of them passes
   * @param because why a transport deviates from RFC 6455, or null for the RFC's own outcome
   */
  public record Expected(int reads, List<Integer> sends, String because) {
    /** In {@link #sends()}: the client sends no close frame at all. */
    public static final int NO_CLOSE_FRAME = 0;

    /** In {@link #sends()}: the client's close frame has an empty body. */
    public static final int CLOSE_FRAME_WITHOUT_STATUS = -1;

    public Expected {
      sends = List.copyOf(sends);
      if (sends.isEmpty()) {
        throw new IllegalArgumentException("sends must name at least one outcome");
      }
    }

    /** Reads report {@code reads}; the client sends {@code sends} back. */
    public static Expected of(int reads, int sends) {
      return new Expected(reads, List.of(sends), null);
    }

    /**
     * This outcome, or the client sends {@code sends} instead: for a transport whose library does
     * one or the other, as a race inside it falls. Name the race in {@link #because}.
     */
    public Expected orSends(int sends) {
      List<Integer> all = new ArrayList<>(this.sends);
      all.add(sends);
      return new Expected(reads, all, because);
    }

    /** This outcome, declared as a transport's deviation from RFC 6455 for {@code reason}. */
    public Expected because(String reason) {
      return new Expected(reads, sends, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the client's close frames, as their codes, are one of {@link #sends()}. */
    boolean allows(List<Integer> sent) {
      return sends.stream()
          .anyMatch(code -> sent.equals(code == NO_CLOSE_FRAME ? List.of() : List.of(code)));
    }

    static String sent(List<Integer> closeFrames) {
      return closeFrames.isEmpty()
          ? "no close frame"
          : closeFrames.stream().map(Expected::closeFrame).collect(Collectors.joining(", then "));
    }

    private static String closeFrame(int code) {
      return switch (code) {
        case NO_CLOSE_FRAME -> "no close frame";
        case CLOSE_FRAME_WITHOUT_STATUS -> "a close frame without a status";
        default -> "close " + code;
      };
    }

    @Override
    public String toString() {
      return "read() reports "
          + reads
          + ", the client sends "
          + sends.stream().map(Expected::closeFrame).collect(Collectors.joining(" or "))
          + (because == null ? " (RFC 6455)" : " (declared: " + because + ")");
    }
  }

  /** What a transport's connect does when a refusal's body never ends. */
  public enum EndlessRefusal {
    /** Fails at once with a {@link HandshakeException} carrying the status: no need for a body. */
    HANDSHAKE_EXCEPTION,
    /**
     * Waits for the body, so fails only at the handshake timeout, with an {@link IOException} that
     * is not a {@link HandshakeException}.
     */
    HANDSHAKE_TIMEOUT
  }

  /**
   * What the raw server does once the client is connected. Each sends the text message {@code
   * before} first (but the last three, which break the link itself), then the offending bytes,
   * then, where it can be told apart, the text message {@code after}, all in one write: the client
   * must hand out {@code before}, then report the close, and never {@code after}.
   */
  public enum Case {
    /** A text frame with the mask bit set, as only a client may send (RFC 6455, 5.1). */
    MASKED_FRAME(1002) {
      @Override
      byte[] offending() {
        return RawConnection.maskedFrame(
            RawConnection.fin(RawConnection.TEXT), bytes("masked!"), new byte[] {1, 2, 3, 4});
      }
    },
    /** {@code 'a', 0xC3, 0x28} in one text frame: 0xC3 must be followed by a continuation byte. */
    INVALID_UTF8_IN_ONE_FRAME(1007) {
      @Override
      byte[] offending() {
        return RawConnection.frame(
            RawConnection.fin(RawConnection.TEXT), new byte[] {'a', (byte) 0xC3, 0x28});
      }
    },
    /** The same bytes cut after 0xC3 into two fragments: valid apart, invalid together. */
    INVALID_UTF8_ACROSS_FRAGMENTS(1007) {
      @Override
      byte[] offending() {
        return concat(
            RawConnection.frame(RawConnection.TEXT, new byte[] {'a', (byte) 0xC3}),
            RawConnection.frame(
                RawConnection.fin(RawConnection.CONTINUATION), new byte[] {0x28, 'b'}));
      }
    },
    /** RSV1 set on a text frame, with no extension negotiated (RFC 6455, 5.2). */
    RESERVED_BIT(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(0x40 | RawConnection.fin(RawConnection.TEXT), bytes("x"));
      }
    },
    /** The reserved data opcode 0x3. */
    RESERVED_DATA_OPCODE(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.fin(0x3), new byte[] {1});
      }
    },
    /** The reserved control opcode 0xB. */
    RESERVED_CONTROL_OPCODE(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.fin(0xB), new byte[] {1});
      }
    },
    /** A ping of 126 bytes: control frames carry at most 125 (RFC 6455, 5.5). */
    CONTROL_FRAME_OVER_125_BYTES(1002) {
      @Override
      byte[] offending() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(RawConnection.fin(RawConnection.PING));
        frame.write(126);
        frame.write(0);
        frame.write(126);
        frame.writeBytes(new byte[126]);
        return frame.toByteArray();
      }
    },
    /** A ping without FIN: control frames must not be fragmented (RFC 6455, 5.5). */
    FRAGMENTED_CONTROL_FRAME(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.PING, new byte[] {1});
      }
    },
    /** A close frame with code 999, below the range of codes (RFC 6455, 7.4.2). */
    CLOSE_CODE_999(1002) {
      @Override
      byte[] offending() {
        return close(999);
      }
    },
    /** A close frame with 1005, which no endpoint may send (RFC 6455, 7.4.1). */
    CLOSE_CODE_1005(1002) {
      @Override
      byte[] offending() {
        return close(1005);
      }
    },
    /** A close frame with 1006, which no endpoint may send. */
    CLOSE_CODE_1006(1002) {
      @Override
      byte[] offending() {
        return close(1006);
      }
    },
    /** A close frame with 5000, above the range of codes. */
    CLOSE_CODE_5000(1002) {
      @Override
      byte[] offending() {
        return close(5000);
      }
    },
    /** A close frame with a body of one byte: a status takes two (RFC 6455, 5.5.1). */
    CLOSE_WITH_A_ONE_BYTE_BODY(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.fin(RawConnection.CLOSE), new byte[] {0x03});
      }
    },
    /** A close frame whose reason is not UTF-8 (RFC 6455, 5.5.1 and 8.1). */
    CLOSE_REASON_NOT_UTF8(1007) {
      @Override
      byte[] offending() {
        return RawConnection.frame(
            RawConnection.fin(RawConnection.CLOSE),
            new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28});
      }
    },
    /**
     * A valid close frame, 4000 {@code raw goodbye}: reported with its code and reason, and
     * answered with the same code (RFC 6455, 5.5.1). Not hostile: the yardstick for the rest.
     */
    CLOSE_WITH_A_STATUS(4000) {
      @Override
      byte[] offending() {
        return RawConnection.frame(
            RawConnection.fin(RawConnection.CLOSE),
            RawConnection.closePayload(4000, "raw goodbye"));
      }
    },
    /**
     * A close frame with no body: a valid close without a status, reported as 1005 (RFC 6455,
     * 7.1.5), and answered with a close frame (which may be empty too).
     */
    CLOSE_WITHOUT_STATUS(1005, Expected.CLOSE_FRAME_WITHOUT_STATUS) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.fin(RawConnection.CLOSE), new byte[0]);
      }
    },
    /** A 64-bit payload length with its most significant bit set (RFC 6455, 5.2). */
    NEGATIVE_LENGTH(1002) {
      @Override
      byte[] offending() {
        byte[] frame = new byte[10 + 3];
        frame[0] = (byte) RawConnection.fin(RawConnection.BINARY);
        frame[1] = 127;
        for (int i = 2; i < 10; i++) {
          frame[i] = (byte) 0xFF;
        }
        frame[10] = 1;
        frame[11] = 2;
        frame[12] = 3;
        return frame;
      }

      @Override
      boolean endsWithAfter() {
        return false; // whatever follows is payload
      }
    },
    /** A continuation frame with no message started. */
    CONTINUATION_WITHOUT_A_START(1002) {
      @Override
      byte[] offending() {
        return RawConnection.frame(RawConnection.fin(RawConnection.CONTINUATION), new byte[] {1});
      }
    },
    /** A text frame inside a fragmented text message, where a continuation must come. */
    NEW_MESSAGE_INSIDE_A_FRAGMENTED_ONE(1002) {
      @Override
      byte[] offending() {
        return concat(
            RawConnection.frame(RawConnection.TEXT, bytes("first ")),
            RawConnection.frame(RawConnection.fin(RawConnection.TEXT), bytes("second")));
      }
    },
    /**
     * The server ends its half of the link (FIN) with no close frame, and goes on reading: the link
     * is dead, 1006, and nothing is owed to it. (Nothing before it: see docs/jdk.md on a FIN that
     * comes while the JDK's client waits for demand.)
     */
    EOF_AFTER_HANDSHAKE(1006, Expected.NO_CLOSE_FRAME) {
      @Override
      void play(RawConnection connection) throws IOException {
        connection.shutdownOutput();
      }

      @Override
      boolean sendsBefore() {
        return false;
      }
    },
    /**
     * The server resets the link (RST). Nothing before it: a reset may discard what was not yet
     * read.
     */
    RST_AFTER_HANDSHAKE(1006, Expected.NO_CLOSE_FRAME) {
      @Override
      void play(RawConnection connection) throws IOException {
        connection.reset();
      }

      @Override
      boolean sendsBefore() {
        return false;
      }
    },
    /**
     * The server stops answering pings (it reads on, so TCP still takes the client's frames), with
     * the client's keepalive on: the link is dead, 1006, as for a link without a close frame.
     */
    KEEPALIVE_DEADLINE(1006, Expected.NO_CLOSE_FRAME) {
      @Override
      void play(RawConnection connection) {}

      @Override
      boolean sendsBefore() {
        return false;
      }
    };

    private final int reads;
    private final int sends;

    /** Reads report {@code code}, and the client sends it back. */
    Case(int code) {
      this(code, code);
    }

    Case(int reads, int sends) {
      this.reads = reads;
      this.sends = sends;
    }

    /** What RFC 6455 asks of the client. */
    public Expected ideal() {
      return Expected.of(reads, sends);
    }

    /** The bytes that break the protocol. */
    byte[] offending() {
      throw new UnsupportedOperationException(name() + " plays its own script");
    }

    /** Whether {@code after} follows the offending bytes. */
    boolean endsWithAfter() {
      return true;
    }

    /** Whether {@code before} precedes them. */
    boolean sendsBefore() {
      return true;
    }

    /** What the server does once the client is connected. */
    void play(RawConnection connection) throws IOException {
      connection.write(
          concat(text(BEFORE), offending(), endsWithAfter() ? text(AFTER) : new byte[0]));
    }

    private static byte[] close(int code) {
      return RawConnection.frame(
          RawConnection.fin(RawConnection.CLOSE), RawConnection.closePayload(code, "bad code"));
    }

    private static byte[] text(String text) {
      return RawConnection.frame(RawConnection.fin(RawConnection.TEXT), bytes(text));
    }

    private static byte[] bytes(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        all.writeBytes(part);
      }
      return all.toByteArray();
    }
  }

  /** What the subclass expects of {@code hostile}: its deviation, or the RFC's outcome. */
  private Expected expected(Case hostile) {
    return deviations().getOrDefault(hostile, hostile.ideal());
  }

  /**
   * A raw server that completes the handshake, reads the client's first message, then reads the
   * client's frames in the background while {@code script} runs, until the client ends the link.
   */
  private RawServer serve(RawServer.Script script) throws IOException {
    return closedAfterTheTest(
        new RawServer(
            connection -> {
              try {
                connection.handshake();
                connection.readFrame(); // the client's first message: it is connected
                connection.readInBackground();
                script.run(connection);
                clientFrames.complete(connection.awaitEnd(WAIT));
              } catch (Throwable e) {
                clientFrames.completeExceptionally(e);
                throw e;
              }
            }));
  }

  /** Connects to {@code server} with {@code transport} and sends the message the server awaits. */
  private TransportConnection connectTo(RawServer server, Transport transport) throws Exception {
    TransportConnection connection = connect(transport, server.uri("/"), ConnectOptions.defaults());
    connection.sendText("connected");
    return connection;
  }

  /** The frames the client sent until it ended the link, which it must within {@link #WAIT}. */
  private List<Frame> framesUntilTheClientEndsTheLink() throws Exception {
    try {
      return clientFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return fail("the client did not end the link within " + WAIT, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Case.class)
  void aHostileServerIsReportedAndAnsweredAsExpected(Case hostile) throws Exception {
    Expected expected = expected(hostile);
    String what = hostile + ": expected " + expected;
    RawServer server = serve(hostile::play);
    Transport transport =
        hostile == Case.KEEPALIVE_DEADLINE
            ? transportWithKeepalive(KEEPALIVE_INTERVAL, PONG_TIMEOUT)
            : transport();
    TransportConnection connection = connectTo(server, transport);

    if (hostile.sendsBefore()) {
      Message first = connection.read(WAIT);
      assertNotNull(first, what + "; the message before the offending bytes did not arrive");
      assertEquals(BEFORE, first.text(), what);
    }
    ConnectionClosedException closed = nextReadCloses(connection, what);
    assertFalse(connection.isOpen(), what);
    connection.close(CloseStatus.NORMAL); // lets an answer the transport holds back go out
    List<Integer> sent =
        framesUntilTheClientEndsTheLink().stream()
            .filter(frame -> frame.opcode() == RawConnection.CLOSE)
            .map(Frame::closeCode)
            .toList();

    // Both halves in one assertion, so that a failure shows the whole outcome.
    String actual =
        "read() reports " + closed.status().code() + ", the client sends " + Expected.sent(sent);
    if (closed.status().code() != expected.reads() || !expected.allows(sent)) {
      fail(hostile + ": expected " + expected + "; got " + actual + " (" + closed.status() + ")");
    }
  }

  /**
   * The same, read the engine's way ({@code poll}, and {@code whenReadable} when it has nothing):
   * the listener is called for whatever ends the connection (a protocol error, the link dying, a
   * keepalive deadline), and {@code poll} then throws the status {@code read} reports.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Case.class)
  void aHostileServerIsReportedThroughPollAndWhenReadable(Case hostile) throws Exception {
    Expected expected = expected(hostile);
    String what = hostile + ": expected " + expected;
    RawServer server = serve(hostile::play);
    Transport transport =
        hostile == Case.KEEPALIVE_DEADLINE
            ? transportWithKeepalive(KEEPALIVE_INTERVAL, PONG_TIMEOUT)
            : transport();
    TransportConnection connection = connectTo(server, transport);

    if (hostile.sendsBefore()) {
      assertEquals(BEFORE, pollWhenReadable(connection).text(), what);
    }
    ConnectionClosedException closed;
    try {
      Message message = pollWhenReadable(connection);
      closed = fail(what + "; poll() handed out " + message + " instead of the close");
    } catch (ConnectionClosedException e) {
      closed = e;
    }
    assertEquals(expected.reads(), closed.status().code(), what + "; got " + closed.status());
    assertFalse(connection.isOpen(), what);
    connection.close(CloseStatus.NORMAL); // lets an answer the transport holds back go out
    framesUntilTheClientEndsTheLink();
  }

  /** The next read, which must throw the close: no message after the offending bytes. */
  private static ConnectionClosedException nextReadCloses(
      TransportConnection connection, String what) throws Exception {
    Message message;
    try {
      message = connection.read(WAIT);
    } catch (ConnectionClosedException e) {
      return e;
    }
    return fail(
        what
            + (message == null
                ? "; the connection did not close within " + WAIT
                : "; read() handed out " + message + " instead of the close"));
  }

  @Test
  void anUnansweredPingTimesOutAndLeavesTheConnectionOpen() throws Exception {
    TransportConnection connection = connectTo(serve(server -> {}), transport());
    Duration timeout = Duration.ofMillis(200);

    TimeoutException timedOut =
        assertThrows(TimeoutException.class, () -> connection.ping(timeout));

    assertTrue(
        String.valueOf(timedOut.getMessage()).contains(timeout.toString()),
        "the message names the timeout: " + timedOut.getMessage());
    assertTrue(connection.isOpen(), "an explicit ping does not judge the connection");
    connection.sendText("still open");
  }

  @Test
  void aPingWaitingWhenTheServerClosesFailsWithTheServersStatus() throws Exception {
    TransportConnection connection =
        connectTo(
            serve(
                server -> {
                  server.awaitFrame(RawConnection.PING, WAIT);
                  server.close(4005, "no pongs here");
                }),
            transport());

    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT));

    assertEquals(CloseStatus.received(4005, "no pongs here"), closed.status());
    assertEquals(
        CloseStatus.received(4005, "no pongs here"),
        assertThrows(ConnectionClosedException.class, connection::read).status());
  }

  @Test
  void aServerThatNeverAnswersTheHandshakeFailsAtTheHandshakeTimeout() throws Exception {
    CompletableFuture<Void> linkEnded = new CompletableFuture<>();
    RawServer mute = closedAfterTheTest(new RawServer(silentUntilTheClientLeaves(linkEnded)));
    Duration timeout = Duration.ofMillis(300);
    URI uri = URI.create(mute.uri("/mute").toString() + "?token=s3cr3t-value");

    long start = System.nanoTime();
    IOException failed =
        assertThrows(
            IOException.class,
            () -> connect(uri, ConnectOptions.builder().handshakeTimeout(timeout).build()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertFalse(failed instanceof HandshakeException, "no status came: " + failed);
    assertTrue(took.compareTo(WAIT) < 0, "failed after " + took);
    String message = String.valueOf(failed.getMessage());
    assertTrue(message.contains("127.0.0.1:" + mute.port() + "/mute"), message);
    TransportContract.assertNoSecret(failed, "s3cr3t-value");
    linkEnded.get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // the client let the socket go
  }

  @Test
  void anInterruptedConnectThrowsInterruptedExceptionPromptly() throws Exception {
    CompletableFuture<Void> linkEnded = new CompletableFuture<>();
    RawServer mute = closedAfterTheTest(new RawServer(silentUntilTheClientLeaves(linkEnded)));
    // Short, for a transport whose library goes on to its handshake timeout after the interrupt.
    ConnectOptions options =
        ConnectOptions.builder().handshakeTimeout(Duration.ofSeconds(1)).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread connecting =
        new Thread(
            () -> {
              try {
                transport().connect(mute.uri("/"), options).abort(); // not expected to open
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "contract-connect");
    connecting.start();
    mute.awaitConnection(1, WAIT);

    connecting.interrupt();

    Throwable failure = outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertInstanceOf(InterruptedException.class, failure, "the connect's outcome: " + failure);
    connecting.join(WAIT.toMillis());
    linkEnded.get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // nothing left open
  }

  /** Accepts the TCP connection, never answers; completes {@code ended} when the client leaves. */
  private static RawServer.Script silentUntilTheClientLeaves(CompletableFuture<Void> ended) {
    return connection -> {
      connection.drainUntilClosed();
      ended.complete(null);
    };
  }

  /** Refusals a raw server sends well formed, with the headers that invite a client to retry. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("401 Unauthorized", "WWW-Authenticate: Basic realm=\"test\"", 401),
        Arguments.of("503 Service Unavailable", "Retry-After: 1", 503),
        Arguments.of("302 Found", "Location: ws://127.0.0.1:1/elsewhere", 302));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aRefusalIsAHandshakeExceptionWithTheStatusAndIsNotRetried(
      String statusLine, String header, int status) throws Exception {
    RawServer server = closedAfterTheTest(new RawServer(c -> c.refuse(statusLine, header)));

    HandshakeException refused =
        assertThrows(
            HandshakeException.class, () -> connect(server.uri("/"), ConnectOptions.defaults()));

    assertEquals(status, refused.status());
    assertEquals(1, server.connections().size(), "the transport dialled again");
  }

  /** Refusals whose headers a reconnect policy reads: name, value, status. */
  static Stream<Arguments> refusalsWithHeaders() {
    return Stream.of(
        Arguments.of("503 Service Unavailable", "Retry-After", "1", 503),
        Arguments.of("429 Too Many Requests", "Retry-After", "3", 429),
        Arguments.of("401 Unauthorized", "WWW-Authenticate", "Basic realm=\"test\"", 401),
        Arguments.of("403 Forbidden", "X-Reason", "banned", 403));
  }

  /**
   * docs/reconnect.md: the refused response's headers reach the {@link HandshakeException}, names
   * looked up ignoring case, so that a reconnect policy can honour {@code Retry-After}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusalsWithHeaders")
  void aRefusalCarriesTheResponsesHeaders(String statusLine, String name, String value, int status)
      throws Exception {
    RawServer server =
        closedAfterTheTest(new RawServer(c -> c.refuse(statusLine, name + ": " + value)));

    HandshakeException refused =
        assertThrows(
            HandshakeException.class, () -> connect(server.uri("/"), ConnectOptions.defaults()));

    assertEquals(status, refused.status());
    assertEquals(Optional.of(value), refused.header(name.toUpperCase(Locale.ROOT)));
  }

  @Test
  void aRefusalWithAnEndlessBodyEnds() throws Exception {
    RawServer server =
        closedAfterTheTest(
            new RawServer(
                c -> {
                  c.refuseWithAnEndlessBody("503 Service Unavailable");
                  c.drainUntilClosed();
                }));
    Duration timeout = Duration.ofSeconds(1);
    ConnectOptions options = ConnectOptions.builder().handshakeTimeout(timeout).build();

    IOException failed = assertThrows(IOException.class, () -> connect(server.uri("/"), options));

    switch (aRefusalWithAnEndlessBody()) {
      case HANDSHAKE_EXCEPTION ->
          assertEquals(
              503,
              assertInstanceOf(HandshakeException.class, failed, "expected the status at once")
                  .status());
      case HANDSHAKE_TIMEOUT ->
          assertFalse(
              failed instanceof HandshakeException,
              "declared to wait for the body until the handshake timeout, but: " + failed);
    }
  }
}
