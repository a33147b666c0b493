package dev.wsengine.testing.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy that knows one method, CONNECT: it records the request line, opens the tunnel and
 * copies bytes both ways. On 127.0.0.1 and a free port. Made with {@link #requiringBasic}, it opens
 * the tunnel only for a {@code Proxy-Authorization: Basic} header with the right user and password
 * (UTF-8, RFC 7617) and answers any other CONNECT with 407 and {@code Proxy-Authenticate: Basic};
 * either way it records the header each CONNECT came with ({@link #authorizations()}).
 *
 * <p>Thread-safe: its lists may be read from any thread while the proxy runs.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread acceptor;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();

  /** The {@code Proxy-Authorization} value required, or null if none is. */
  private final String required;

  /** A proxy that asks for no credentials. */
  public ConnectProxy() throws IOException {
    this(null);
  }

  /**
   * A proxy that opens a tunnel only for {@code Proxy-Authorization: Basic} with this user and
   * password, and answers 407 otherwise.
   */
  public static ConnectProxy requiringBasic(String user, String password) throws IOException {
    byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return new ConnectProxy("Basic " + Base64.getEncoder().encodeToString(pair));
  }

  private ConnectProxy(String required) throws IOException {
    this.required = required;
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "test-proxy-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** The request lines received, such as {@code CONNECT 127.0.0.1:8080 HTTP/1.1}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * For each request of {@link #requests()}, in the same order, the value of its {@code
   * Proxy-Authorization} header, or empty if it had none.
   */
  public List<Optional<String>> authorizations() {
    return List.copyOf(authorizations);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        start("test-proxy-tunnel", () -> tunnel(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try {
      InputStream in = client.getInputStream();
      List<String> head = readHead(in);
      String requestLine = head.get(0);
      Optional<String> authorization = header(head, "Proxy-Authorization");
      authorizations.add(authorization);
      requests.add(requestLine);
      String[] parts = requestLine.split(" ", -1);
      if (!parts[0].equals("CONNECT")) {
        client
            .getOutputStream()
            .write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        client.close();
        return;
      }
      if (required != null && !authorization.map(ConnectProxy.this::matches).orElse(false)) {
        client
            .getOutputStream()
            .write(
                String.join(
                        "\r\n",
                        "HTTP/1.1 407 Proxy Authentication Required",
                        "Proxy-Authenticate: Basic realm=\"wsengine-test\", charset=\"UTF-8\"",
                        "Content-Length: 0",
                        "Connection: close",
                        "",
                        "")
                    .getBytes(StandardCharsets.ISO_8859_1));
        // Closed only once the client has read the answer and gone: a close with its bytes
        // unread could reset the connection before the client saw the 407.
        client.shutdownOutput();
        in.transferTo(OutputStream.nullOutputStream());
        client.close();
        return;
      }
      int colon = parts[1].lastIndexOf(':');
      Socket target =
          new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
      sockets.add(target);
      client
          .getOutputStream()
          .write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      start("test-proxy-up", () -> copy(in, target));
      copy(target.getInputStream(), client);
    } catch (IOException e) {
      // a tunnel ends when either side does
    }
  }

  private static void copy(InputStream from, Socket to) {
    try (OutputStream out = to.getOutputStream()) {
      from.transferTo(out);
    } catch (IOException e) {
      // ended
    } finally {
      try {
        to.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** Whether {@code value} is the required one; the scheme's name in any case. */
  private boolean matches(String value) {
    int space = value.indexOf(' ');
    return space > 0
        && value.substring(0, space).equalsIgnoreCase("Basic")
        && ("Basic " + value.substring(space + 1).trim()).equals(required);
  }

  private static Optional<String> header(List<String> head, String name) {
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return Optional.of(line.substring(colon + 1).trim());
      }
    }
    return Optional.empty();
  }

  /** The request line and header lines, without the line ends. */
  private static List<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed during the proxy request");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return List.of(text.substring(0, text.length() - 4).split("\r\n", -1));
  }

  private void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /**
   * Stops listening, closes every socket and waits (up to 10 s each) for the proxy's threads to
   * end. Interrupted, it stops waiting and keeps the interrupt.
   */
  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    List<Thread> all = new ArrayList<>(threads);
    all.add(0, acceptor);
    Joins.all(all, Duration.ofSeconds(10));
  }
}
