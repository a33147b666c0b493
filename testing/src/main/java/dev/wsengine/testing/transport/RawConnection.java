package dev.wsengine.testing.transport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@link RawServer}: reads the client's upgrade request, answers it (or does
 * not), writes frames as they are or broken, reads the client's frames, and drops the link.
 */
public final class RawConnection implements Peer {
  /** Opcodes (RFC 6455, 5.2). */
  public static final int CONTINUATION = 0x0;

  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /**
   * A frame the client sent, unmasked. The payload is the frame's own array, as read: a test
   * inspects it, and equality is by identity, as for any array.
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Frame(int opcode, boolean fin, byte[] payload) {
    /** The status code of a close frame, or -1 if it carries none. */
    public int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    public String closeReason() {
      return payload.length <= 2
          ? ""
          : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private volatile String requestLine;
  private volatile Map<String, String> requestHeaders = Map.of();
  private volatile List<String> requestHeaderLines = List.of();

  RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = socket.getOutputStream();
  }

  /** Reads the HTTP request head; header names in lower case. */
  public Map<String, String> readRequest() throws IOException {
    requestLine = readLine();
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      lines.add(line);
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    requestHeaders = Map.copyOf(headers);
    requestHeaderLines = List.copyOf(lines);
    return headers;
  }

  /**
   * The request's header lines as they came, each byte one char (ISO-8859-1), in order; unlike
   * {@link #requestHeaders()}, a name sent twice shows twice.
   */
  public List<String> requestHeaderLines() {
    return requestHeaderLines;
  }

  public String requestLine() {
    return requestLine;
  }

  public Map<String, String> requestHeaders() {
    return requestHeaders;
  }

  /**
   * Reads the request and completes the handshake, adding {@code headers} (each a whole line
   * without CRLF, say {@code "Sec-WebSocket-Extensions: permessage-deflate"}) to the answer.
   */
  public void handshake(String... headers) throws IOException {
    Map<String, String> request = readRequest();
    String accept = accept(request.get("sec-websocket-key"));
    StringBuilder extra = new StringBuilder();
    for (String header : headers) {
      extra.append(header).append("\r\n");
    }
    writeAscii(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + accept
            + "\r\n"
            + extra
            + "\r\n");
  }

  /** Reads the request and answers with {@code statusLine} (say, "503 Service Unavailable"). */
  public void refuse(String statusLine, String... headers) throws IOException {
    readRequest();
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
    for (String header : headers) {
      response.append(header).append("\r\n");
    }
    response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    writeAscii(response.toString());
    out.flush();
  }

  /**
   * Reads the request and answers with {@code statusLine} and {@code headers} but no {@code
   * Content-Length}, no chunked encoding and no {@code Connection: close}, keeping the connection:
   * by HTTP/1.1 (RFC 9112, 6.3) the body then runs until the connection closes, which it does not.
   * Tyrus's server answers a refusal its configurator makes this way.
   */
  public void refuseWithAnEndlessBody(String statusLine, String... headers) throws IOException {
    readRequest();
    StringBuilder response = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
    for (String header : headers) {
      response.append(header).append("\r\n");
    }
    writeAscii(response.append("\r\n").toString());
  }

  /** Writes one unmasked frame. */
  public void sendFrame(int firstByte, byte[] payload) throws IOException {
    sendFrameHeader(firstByte, payload.length);
    out.write(payload);
    out.flush();
  }

  /**
   * Writes a frame header announcing {@code length} payload bytes; the payload is up to the caller.
   */
  public void sendFrameHeader(int firstByte, long length) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(firstByte);
    if (length < 126) {
      header.write((int) length);
    } else if (length < 65536) {
      header.write(126);
      header.write((int) (length >> 8));
      header.write((int) length);
    } else {
      header.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >> shift));
      }
    }
    out.write(header.toByteArray());
  }

  /**
   * The bytes of one frame with the mask bit set and {@code payload} masked with {@code mask}, as
   * only a client may send it (RFC 6455, 5.1).
   */
  public static byte[] maskedFrame(int firstByte, byte[] payload, byte[] mask) {
    if (payload.length > 125 || mask.length != 4) {
      throw new IllegalArgumentException(
          "payload up to 125 bytes and a 4-byte mask; got "
              + payload.length
              + " and "
              + mask.length);
    }
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    frame.write(0x80 | payload.length);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** One unmasked frame as bytes, for scripts that put several frames in one write. */
  public static byte[] frame(int firstByte, byte[] payload) {
    if (payload.length >= 126) {
      throw new IllegalArgumentException("short frames only; got " + payload.length + " bytes");
    }
    byte[] frame = new byte[2 + payload.length];
    frame[0] = (byte) firstByte;
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    return frame;
  }

  /** The first byte of a frame: FIN and opcode. */
  public static int fin(int opcode) {
    return 0x80 | opcode;
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public void sendText(String text) throws IOException {
    sendFrame(fin(TEXT), text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    sendFrame(fin(BINARY), bytes);
  }

  private boolean fragmenting;

  @Override
  public void sendTextPart(String part, boolean last) throws IOException {
    sendPart(TEXT, part.getBytes(StandardCharsets.UTF_8), last);
  }

  @Override
  public void sendBinaryPart(ByteBuffer part, boolean last) throws IOException {
    byte[] bytes = new byte[part.remaining()];
    part.duplicate().get(bytes);
    sendPart(BINARY, bytes, last);
  }

  private void sendPart(int firstOpcode, byte[] bytes, boolean last) throws IOException {
    int opcode = fragmenting ? CONTINUATION : firstOpcode;
    sendFrame(last ? fin(opcode) : opcode, bytes);
    fragmenting = !last;
  }

  @Override
  public void close(int code, String reason) throws IOException {
    sendFrame(fin(CLOSE), closePayload(code, reason));
  }

  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
  }

  /** Reads the client's next frame, unmasked; blocks. */
  public Frame readFrame() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] mask = new byte[4];
    if ((second & 0x80) != 0) {
      in.readFully(mask);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
  }

  /**
   * Reads the client's frames on a thread of its own from now on, answering nothing; {@link
   * #awaitFrame} and {@link #awaitEnd} see what arrived. For scripts that write while the client
   * may be closing.
   */
  public void readInBackground() {
    Thread reader =
        new Thread(
            () -> {
              try {
                while (true) {
                  received.add(readFrame());
                }
              } catch (IOException e) {
                received.add(e instanceof EOFException ? "eof" : e);
              }
            },
            Thread.currentThread().getName() + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for the next frame with this opcode read in the background, skipping others. */
  public Frame awaitFrame(int opcode, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError(
            "no frame with opcode " + opcode + " from the client within " + timeout);
      }
      if (next instanceof Frame frame && frame.opcode() == opcode) {
        return frame;
      }
      if (!(next instanceof Frame)) {
        throw new AssertionError(
            "the client's link ended (" + next + ") before a frame with opcode " + opcode);
      }
    }
  }

  /**
   * Waits until the background reader saw a close frame from the client, or the link end, whichever
   * comes first; skips other frames. Returns false if neither came within {@code timeout}.
   */
  public boolean awaitCloseOrEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        return false;
      }
      if (!(next instanceof Frame frame) || frame.opcode() == CLOSE) {
        return true;
      }
    }
  }

  /** Waits until the background reader saw the link end; returns the frames read before. */
  public java.util.List<Frame> awaitEnd(Duration timeout) throws InterruptedException {
    java.util.List<Frame> frames = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError(
            "the client did not end the link within " + timeout + "; frames: " + frames);
      }
      if (!(next instanceof Frame frame)) {
        return frames;
      }
      frames.add(frame);
    }
  }

  /** Reads and drops everything until the client ends the link. */
  public void drainUntilClosed() throws IOException {
    InputStream raw = in;
    byte[] sink = new byte[8192];
    try {
      while (raw.read(sink) >= 0) {
        // discard
      }
    } catch (SocketException e) {
      // reset or closed: ended either way
    }
  }

  /** Drops the link with a TCP reset. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Ends the server's half of the link (a FIN), without a close frame, and goes on reading what the
   * client sends.
   */
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Closes the socket (FIN), without a close frame. */
  public void close() throws IOException {
    socket.close();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the client closed during the HTTP request");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
  }

  private void writeAscii(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return Base64.getEncoder()
          .encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
