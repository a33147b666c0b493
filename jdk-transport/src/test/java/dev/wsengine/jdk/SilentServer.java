package dev.wsengine.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/** A raw server on 127.0.0.1 for one connection: see {@link Mode}. */
final class SilentServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread thread;
  private volatile Socket accepted;

  /** What the server does. */
  enum Mode {
    /** Completes the handshake, then reads and writes nothing. */
    SILENT,
    /** Completes the handshake, then closes the socket. */
    DROP,
    /** Accepts the TCP connection and never answers the handshake. */
    NO_ANSWER,
    /** Completes the handshake, then sends a text frame masked, as only clients may. */
    MASKED_FRAME,
    /** Completes the handshake, then sends the text message "hi" and stays silent. */
    GREET
  }

  private final boolean secure;

  SilentServer(Mode mode) throws IOException {
    this(mode, null);
  }

  /** Over TLS with {@code tls}'s certificate, unless null. */
  SilentServer(Mode mode, SSLContext tls) throws IOException {
    secure = tls != null;
    listener =
        tls == null
            ? new ServerSocket(0, 1, InetAddress.getLoopbackAddress())
            : tls.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              try {
                Socket socket = listener.accept();
                accepted = socket;
                if (mode == Mode.NO_ANSWER) {
                  return;
                }
                String key = requestKey(socket.getInputStream());
                socket
                    .getOutputStream()
                    .write(
                        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                                + accept(key)
                                + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                if (mode == Mode.MASKED_FRAME) {
                  socket
                      .getOutputStream()
                      .write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'});
                  socket.getOutputStream().flush();
                }
                if (mode == Mode.GREET) {
                  socket.getOutputStream().write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
                  socket.getOutputStream().flush();
                }
                if (mode == Mode.DROP) {
                  socket.close();
                }
              } catch (IOException e) {
                // closed by the test
              }
            },
            "silent-server");
    thread.setDaemon(true);
    thread.start();
  }

  URI uri() {
    return URI.create(
        (secure ? "wss" : "ws") + "://127.0.0.1:" + listener.getLocalPort() + "/silent");
  }

  private static String requestKey(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.write(b);
    }
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    throw new IOException("no Sec-WebSocket-Key");
  }

  private static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest =
          sha1.digest(
              (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    listener.close();
    Socket socket = accepted;
    if (socket != null) {
      socket.close();
    }
    thread.join(10_000);
  }
}
