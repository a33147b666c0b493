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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy that knows one method, CONNECT: it records the request line, opens the tunnel and
 * copies bytes both ways. On 127.0.0.1 and a free port.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread acceptor;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  public ConnectProxy() throws IOException {
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
      String requestLine = readHead(in);
      requests.add(requestLine);
      String[] parts = requestLine.split(" ", -1);
      if (!parts[0].equals("CONNECT")) {
        client
            .getOutputStream()
            .write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
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

  private static String readHead(InputStream in) throws IOException {
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
    return text.substring(0, text.indexOf("\r\n"));
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
