package dev.wsengine.tyrus.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.spi.Compression;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.TyrusExtension;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * The permessage-deflate extension (RFC 7692) for one client connection, in Tyrus's extension SPI.
 * Tyrus's own {@code PerMessageDeflateExtension} is not used: it takes no parameters, and inflates
 * each frame whole, with no bound, so a small frame could fill the heap.
 *
 * <p>Inflating is bounded: a message is inflated frame by frame with a running count against the
 * limit of its kind (text or binary), counted over the whole message; the moment the count passes
 * the limit, inflating stops, {@link Failures#tooBig} closes the connection with 1009, and the rest
 * of the message is dropped. So no frame costs more than the limit, whatever it inflates to.
 *
 * <p>Deflating honours the negotiated parameters: no context takeover resets the compressor after
 * each message; a client window below 15 bits, which {@link Deflater} cannot set, is kept by a full
 * flush after every 2<sup>bits</sup> bytes of input, so that no back-reference reaches further.
 *
 * <p>The server's answer is checked by {@link #checkResponse} before Tyrus sees it (see {@link
 * GuardedGrizzlyContainer}): an extension not offered, a parameter unknown, repeated, out of range
 * or beyond the offer fails the handshake.
 *
 * <p>Threads: Tyrus calls {@link #processIncoming} on the connection's delivery thread, one frame
 * at a time, {@link #processOutgoing} on the sending threads, and {@link #destroy} on the thread
 * that closes; each direction has its own lock, so {@code destroy} never frees a context in use.
 * {@link Failures} are called holding neither lock (a protocol error holds the delivery thread
 * until the engine is done with the messages before it).
 */
public final class PerMessageDeflate implements ExtendedExtension {
  /** The extension's name in the handshake. */
  public static final String NAME = "permessage-deflate";

  /** What a message too big, or broken deflate data, does to the connection. */
  public interface Failures {
    /** A {@code kind} ("text" or "binary") message inflated past {@code limit} bytes: 1009. */
    void tooBig(String kind, int limit);

    /** The compressed data broke the protocol: 1002, with {@code reason}. */
    void protocolError(String reason);
  }

  private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
  private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
  private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
  private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

  /** What each compressed message ends with, stripped by the sender (RFC 7692, 7.2.1). */
  private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

  private static final int CHUNK = 16 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final Compression offer;
  private final int maxTextBytes;
  private final int maxBinaryBytes;
  private final Failures failures;

  /** What the server agreed to; set by {@link #checkResponse} before the connection reads. */
  private volatile Agreement agreed;

  private final Object inLock = new Object();

  @GuardedBy("inLock")
  private Inflater inflater;

  /** Whether the message being received is compressed. */
  @GuardedBy("inLock")
  private boolean inCompressed;

  @GuardedBy("inLock")
  private boolean inText;

  @GuardedBy("inLock")
  private long inBytes;

  /** The message passed its limit: its remaining frames are dropped. */
  @GuardedBy("inLock")
  private boolean inDropping;

  /** The message's deflate stream ended (a block with BFINAL): nothing may follow in it. */
  @GuardedBy("inLock")
  private boolean inEnded;

  private final Object outLock = new Object();

  @GuardedBy("outLock")
  private Deflater deflater;

  /**
   * @param offer what to offer; must be enabled
   * @param maxTextBytes the limit on an inflated text message
   * @param maxBinaryBytes the limit on an inflated binary message
   */
  public PerMessageDeflate(
      Compression offer, int maxTextBytes, int maxBinaryBytes, Failures failures) {
    if (!offer.enabled()) {
      throw new IllegalArgumentException("compression is not enabled: " + offer);
    }
    this.offer = offer;
    this.maxTextBytes = maxTextBytes;
    this.maxBinaryBytes = maxBinaryBytes;
    this.failures = failures;
  }

  @Override
  public String getName() {
    return NAME;
  }

  /**
   * The offer's parameters. {@code client_max_window_bits} is always offered, with no value unless
   * one was asked for: any window the server asks for can be kept.
   */
  @Override
  public List<Parameter> getParameters() {
    List<Parameter> parameters = new ArrayList<>();
    if (offer.clientNoContextTakeover()) {
      parameters.add(new TyrusExtension.TyrusParameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
    }
    if (offer.serverNoContextTakeover()) {
      parameters.add(new TyrusExtension.TyrusParameter(SERVER_NO_CONTEXT_TAKEOVER, null));
    }
    parameters.add(
        new TyrusExtension.TyrusParameter(
            CLIENT_MAX_WINDOW_BITS,
            offer.clientMaxWindowBits().isPresent()
                ? Integer.toString(offer.clientMaxWindowBits().getAsInt())
                : null));
    offer
        .serverMaxWindowBits()
        .ifPresent(
            bits ->
                parameters.add(
                    new TyrusExtension.TyrusParameter(
                        SERVER_MAX_WINDOW_BITS, Integer.toString(bits))));
    return parameters;
  }

  /**
   * Checks the server's {@code Sec-WebSocket-Extensions} answer, given as its header values, and
   * keeps what it agreed to.
   *
   * @return null if the answer is valid (with or without the extension), else why not
   */
  public String checkResponse(List<String> headerValues) {
    if (headerValues == null || headerValues.isEmpty()) {
      return null;
    }
    List<List<String[]>> extensions = new ArrayList<>();
    for (String value : headerValues) {
      for (String element : split(value, ',')) {
        if (element.isBlank()) {
          continue;
        }
        List<String[]> parts = new ArrayList<>();
        for (String part : split(element, ';')) {
          int eq = part.indexOf('=');
          String name = (eq < 0 ? part : part.substring(0, eq)).trim();
          if (!parts.isEmpty()) {
            name = name.toLowerCase(Locale.ROOT); // parameter names; the extension's is exact
          }
          String val = eq < 0 ? null : unquote(part.substring(eq + 1).trim());
          parts.add(new String[] {name, val});
        }
        extensions.add(parts);
      }
    }
    if (extensions.isEmpty()) {
      return null;
    }
    if (extensions.size() > 1) {
      return "the server accepted "
          + extensions.size()
          + " extensions; only "
          + NAME
          + " was offered";
    }
    List<String[]> parts = extensions.get(0);
    String name = parts.get(0)[0];
    if (name.equals(NAME) && parts.get(0)[1] != null) {
      return "the server gave the extension name " + NAME + " a value; parameters follow a ';'";
    }
    if (!name.equals(NAME)) {
      return "the server accepted extension '"
          + name
          + "', which was not offered (only "
          + NAME
          + ")";
    }
    Map<String, String> params = new HashMap<>();
    for (String[] param : parts.subList(1, parts.size())) {
      String p = param[0];
      String v = param[1];
      if (params.containsKey(p)) {
        return NAME + " parameter '" + p + "' given twice in the server's answer";
      }
      switch (p) {
        case CLIENT_NO_CONTEXT_TAKEOVER, SERVER_NO_CONTEXT_TAKEOVER -> {
          if (v != null) {
            return NAME + " parameter '" + p + "' takes no value; the server gave '" + v + "'";
          }
        }
        case CLIENT_MAX_WINDOW_BITS, SERVER_MAX_WINDOW_BITS -> {
          int bits = windowBits(v);
          if (bits < 0) {
            return NAME
                + " parameter '"
                + p
                + "' must be a number within 8-15; the server gave "
                + (v == null ? "none" : "'" + v + "'");
          }
          int offered =
              (p.equals(CLIENT_MAX_WINDOW_BITS)
                      ? offer.clientMaxWindowBits()
                      : offer.serverMaxWindowBits())
                  .orElse(Compression.MAX_WINDOW_BITS);
          if (bits > offered) {
            return NAME + " parameter '" + p + "=" + bits + "' exceeds the offered " + offered;
          }
        }
        default -> {
          return NAME + " parameter '" + p + "' is unknown (RFC 7692 defines four)";
        }
      }
      params.put(p, v);
    }
    if (offer.serverMaxWindowBits().isPresent() && !params.containsKey(SERVER_MAX_WINDOW_BITS)) {
      return "the server accepted "
          + NAME
          + " without the offered server_max_window_bits="
          + offer.serverMaxWindowBits().getAsInt();
    }
    int clientBits =
        params.containsKey(CLIENT_MAX_WINDOW_BITS)
            ? windowBits(params.get(CLIENT_MAX_WINDOW_BITS))
            : offer.clientMaxWindowBits().orElse(Compression.MAX_WINDOW_BITS);
    agreed =
        new Agreement(
            params.containsKey(CLIENT_NO_CONTEXT_TAKEOVER) || offer.clientNoContextTakeover(),
            params.containsKey(SERVER_NO_CONTEXT_TAKEOVER),
            clientBits);
    return null;
  }

  /**
   * Checks a server's {@code Sec-WebSocket-Extensions} answer when no extension was offered.
   *
   * @return null if it names none, else why it is refused (RFC 6455, 4.1)
   */
  public static String checkNothingAccepted(List<String> headerValues) {
    if (headerValues == null || headerValues.stream().allMatch(v -> v.replace(",", "").isBlank())) {
      return null;
    }
    return "the server accepted extensions "
        + headerValues
        + " although none was offered (compression is off)";
  }

  /** What the server agreed to, or null if it did not accept the extension (or not yet). */
  public Agreement agreed() {
    return agreed;
  }

  /**
   * The negotiated parameters as the client applies them.
   *
   * @param clientNoContextTakeover the client resets its compressor after each message
   * @param serverNoContextTakeover the server does (the client resets its inflater to match)
   * @param clientWindowBits the largest window the client compresses with
   */
  public record Agreement(
      boolean clientNoContextTakeover, boolean serverNoContextTakeover, int clientWindowBits) {}

  @Override
  public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
    // checkResponse kept the agreement already; Tyrus calls this only when the server accepted.
    synchronized (inLock) {
      inflater = new Inflater(true);
    }
    synchronized (outLock) {
      deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }
  }

  @Override
  public List<Parameter> onExtensionNegotiation(
      ExtensionContext context, List<Parameter> requestedParameters) {
    throw new UnsupportedOperationException("a client extension; servers do not use it");
  }

  @Override
  public void destroy(ExtensionContext context) {
    synchronized (inLock) {
      if (inflater != null) {
        inflater.end();
        inflater = null;
      }
    }
    synchronized (outLock) {
      if (deflater != null) {
        deflater.end();
        deflater = null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  @Override
  public Frame processIncoming(ExtensionContext context, Frame frame) {
    if (frame.isControlFrame()) {
      return frame; // RSV1 on one is Tyrus's to refuse (1002)
    }
    Runnable failure = null;
    Frame emptied;
    synchronized (inLock) {
      if (inflater == null) {
        return frame;
      }
      if (frame.getOpcode() != 0) {
        inCompressed = frame.isRsv1();
        inText = frame.getOpcode() == 1;
        inBytes = 0;
        inDropping = false;
        inEnded = false;
      } else if (frame.isRsv1()) {
        return frame; // RSV1 on a continuation: Tyrus refuses the set bit (1002)
      }
      if (!inCompressed) {
        return frame; // the connection counts an uncompressed message itself
      }
      if (inDropping) {
        return emptied(frame);
      }
      int limit = inText ? maxTextBytes : maxBinaryBytes;
      byte[] inflated;
      try {
        inflated = inflate(frame.getPayloadData(), frame.isFin(), limit - inBytes);
      } catch (DataFormatException e) {
        inflated = null;
        String reason = "invalid " + NAME + " data: " + e.getMessage();
        failure = () -> failures.protocolError(reason);
      }
      if (inflated != null) {
        inBytes += inflated.length;
        if (frame.isFin()) {
          Agreement agreement = agreed;
          if (inEnded || (agreement != null && agreement.serverNoContextTakeover())) {
            inflater.reset();
          }
        }
        return Frame.builder(frame).payloadData(inflated).rsv1(false).build();
      }
      inDropping = true;
      if (failure == null) {
        String kind = inText ? "text" : "binary";
        failure = () -> failures.tooBig(kind, limit);
      }
      emptied = emptied(frame);
    }
    // Outside the lock: a protocol error holds this thread for the replies before it.
    failure.run();
    return emptied;
  }

  /**
   * Inflates {@code payload}, and the tail after it if {@code fin}, into at most {@code allowed}
   * bytes.
   *
   * @return the bytes, or null as soon as there would be more than {@code allowed}
   */
  @GuardedBy("inLock")
  private byte[] inflate(byte[] payload, boolean fin, long allowed) throws DataFormatException {
    if (inEnded) {
      if (payload.length > 0) {
        throw new DataFormatException("data after the final deflate block of the message");
      }
      return EMPTY;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[(int) Math.min(CHUNK, allowed + 1)];
    inflater.setInput(payload);
    boolean tailGiven = !fin;
    while (true) {
      int n = inflater.inflate(buffer);
      if (n > 0) {
        if (out.size() + (long) n > allowed) {
          return null;
        }
        out.write(buffer, 0, n);
      } else if (inflater.finished()) {
        // BFINAL (RFC 7692, 7.2.3.5): the message ends here; only our tail may remain.
        inEnded = true;
        if (inflater.getRemaining() > 0 && !tailGiven) {
          throw new DataFormatException("data after the final deflate block of the message");
        }
        break;
      } else if (inflater.needsDictionary()) {
        throw new DataFormatException("a preset dictionary, which RFC 7692 does not allow");
      } else if (inflater.needsInput()) {
        if (tailGiven) {
          break;
        }
        tailGiven = true;
        inflater.setInput(TAIL);
      } else {
        throw new DataFormatException("the inflater made no progress");
      }
    }
    return out.toByteArray();
  }

  private static Frame emptied(Frame frame) {
    return Frame.builder(frame).payloadData(EMPTY).rsv1(false).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  @Override
  public Frame processOutgoing(ExtensionContext context, Frame frame) {
    if (frame.isControlFrame()) {
      return frame;
    }
    Agreement agreement = agreed;
    synchronized (outLock) {
      if (deflater == null || agreement == null) {
        return frame;
      }
      byte[] payload = frame.getPayloadData();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length / 2));
      byte[] buffer = new byte[CHUNK];
      if (agreement.clientWindowBits() < Compression.MAX_WINDOW_BITS) {
        // Deflater's window is always 32 KiB: a full flush after each window's worth of input
        // keeps every back-reference within the smaller window, across messages too.
        int window = 1 << agreement.clientWindowBits();
        int from = 0;
        do {
          int length = Math.min(window, payload.length - from);
          deflater.setInput(payload, from, length);
          drain(out, buffer, Deflater.FULL_FLUSH);
          from += length;
        } while (from < payload.length);
      } else {
        deflater.setInput(payload);
        drain(out, buffer, Deflater.SYNC_FLUSH);
      }
      byte[] compressed = out.toByteArray();
      int length = compressed.length;
      if (frame.isFin()) {
        length -= TAIL.length; // a flush always ends with the tail
        if (agreement.clientNoContextTakeover()) {
          deflater.reset();
        }
      }
      byte[] data = length == compressed.length ? compressed : Arrays.copyOf(compressed, length);
      return Frame.builder(frame).payloadData(data).rsv1(frame.getOpcode() != 0).build();
    }
  }

  @GuardedBy("outLock")
  private void drain(ByteArrayOutputStream out, byte[] buffer, int flush) {
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, flush);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing the answer

  /** Splits at {@code separator} outside quoted strings. */
  private static List<String> split(String s, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < s.length()) {
        part.append(c);
        c = s.charAt(++i);
      } else if (c == separator && !quoted) {
        parts.add(part.toString().trim());
        part.setLength(0);
        continue;
      }
      part.append(c);
    }
    parts.add(part.toString().trim());
    return parts;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return v;
  }

  /** The bits in {@code v} if it is a number within 8-15 without a leading zero, else -1. */
  private static int windowBits(String v) {
    if (v == null || !v.matches("[1-9][0-9]?")) {
      return -1;
    }
    int bits = Integer.parseInt(v);
    return bits >= Compression.MIN_WINDOW_BITS && bits <= Compression.MAX_WINDOW_BITS ? bits : -1;
  }
}
