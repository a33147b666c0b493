package dev.wsengine.tyrus.testing;

import dev.wsengine.testing.LoopbackServer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.TyrusExtension;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * A Tyrus server whose {@code /deflate} endpoint negotiates permessage-deflate with a small,
 * unbounded server-side extension of its own (Tyrus ships none for 2.2.2 on Maven Central), and
 * echoes every message; {@code parts N text|binary} makes it send a message of N bytes in three
 * frames. It records each offer it saw and counts the compressed frames it received, so a test can
 * tell that compression was really used.
 *
 * <p>{@code answerClientWindowBits}: when the client offers {@code client_max_window_bits}, the
 * server answers with this value (0: leaves it out).
 */
public final class DeflateServer implements AutoCloseable {
  /** The offers seen, each as the parameters' {@code name[=value]}. */
  public final List<List<String>> offers = new CopyOnWriteArrayList<>();

  /** How many frames with RSV1 (compressed) arrived. */
  public final AtomicInteger compressedFramesIn = new AtomicInteger();

  private final LoopbackServer server;
  private final int answerClientWindowBits;

  public DeflateServer(int answerClientWindowBits) {
    this.answerClientWindowBits = answerClientWindowBits;
    ServerEndpointConfig config =
        ServerEndpointConfig.Builder.create(Echo.class, "/deflate")
            .extensions(List.of(new ServerExtension()))
            .build();
    server = LoopbackServer.builder().endpoint(config).start();
  }

  public java.net.URI uri() {
    return server.uri("/deflate");
  }

  @Override
  public void close() {
    server.close();
  }

  /** Echoes; {@code parts N text|binary} answers with a message of N bytes in three frames. */
  public static final class Echo extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxTextMessageBufferSize(64 << 20);
      session.setMaxBinaryMessageBufferSize(64 << 20);
      session.addMessageHandler(
          String.class,
          (MessageHandler.Whole<String>)
              text -> {
                try {
                  if (text.startsWith("parts ")) {
                    String[] words = text.split(" ", 3);
                    int n = Integer.parseInt(words[1]);
                    byte[] bytes = pattern(n);
                    int a = n / 3;
                    int b = 2 * n / 3;
                    if (words[2].equals("text")) {
                      String s = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
                      session.getBasicRemote().sendText(s.substring(0, a), false);
                      session.getBasicRemote().sendText(s.substring(a, b), false);
                      session.getBasicRemote().sendText(s.substring(b), true);
                    } else {
                      session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes, 0, a), false);
                      session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes, a, b - a), false);
                      session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes, b, n - b), true);
                    }
                  } else {
                    session.getBasicRemote().sendText(text);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      session.addMessageHandler(
          ByteBuffer.class,
          (MessageHandler.Whole<ByteBuffer>)
              data -> {
                try {
                  session.getBasicRemote().sendBinary(data);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** The ASCII letters a..z repeated with a counter mixed in: compressible, not trivially. */
  public static byte[] pattern(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) ('a' + ((i * 7 + i / 1000) % 26));
    }
    return bytes;
  }

  private final class ServerExtension implements ExtendedExtension {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    @Override
    public String getName() {
      return "permessage-deflate";
    }

    @Override
    public List<Parameter> getParameters() {
      return List.of();
    }

    @Override
    public List<Parameter> onExtensionNegotiation(
        ExtensionContext context, List<Parameter> requested) {
      List<String> offer = new ArrayList<>();
      List<Parameter> answer = new ArrayList<>();
      Map<String, Object> state = context.getProperties();
      for (Parameter p : requested) {
        offer.add(p.getName() + (p.getValue() == null ? "" : "=" + p.getValue()));
        switch (p.getName()) {
          case "server_no_context_takeover", "client_no_context_takeover" -> {
            answer.add(new TyrusExtension.TyrusParameter(p.getName(), null));
            state.put(p.getName(), true);
          }
          case "server_max_window_bits" ->
              answer.add(new TyrusExtension.TyrusParameter(p.getName(), p.getValue()));
          case "client_max_window_bits" -> {
            if (answerClientWindowBits != 0) {
              answer.add(
                  new TyrusExtension.TyrusParameter(
                      p.getName(), Integer.toString(answerClientWindowBits)));
            }
          }
          default -> {}
        }
      }
      offers.add(offer);
      state.put("inflater", new Inflater(true));
      state.put("deflater", new Deflater(Deflater.DEFAULT_COMPRESSION, true));
      return answer;
    }

    @Override
    public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {}

    @Override
    public Frame processIncoming(ExtensionContext context, Frame frame) {
      Map<String, Object> state = context.getProperties();
      if (frame.isControlFrame()) {
        return frame;
      }
      if (frame.getOpcode() != 0) {
        state.put("compressed", frame.isRsv1());
      }
      if (!Boolean.TRUE.equals(state.get("compressed"))) {
        return frame;
      }
      if (frame.isRsv1()) {
        compressedFramesIn.incrementAndGet();
      }
      Inflater inflater = (Inflater) state.get("inflater");
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        inflate(inflater, frame.getPayloadData(), out);
        if (frame.isFin()) {
          inflate(inflater, TAIL, out);
          if (state.containsKey("client_no_context_takeover")) {
            inflater.reset();
          }
        }
        return Frame.builder(frame).payloadData(out.toByteArray()).rsv1(false).build();
      } catch (DataFormatException e) {
        throw new IllegalStateException(e);
      }
    }

    private void inflate(Inflater inflater, byte[] in, ByteArrayOutputStream out)
        throws DataFormatException {
      inflater.setInput(in);
      byte[] buffer = new byte[8192];
      while (!inflater.needsInput()) {
        int n = inflater.inflate(buffer);
        out.write(buffer, 0, n);
        if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
          break;
        }
      }
    }

    @Override
    public Frame processOutgoing(ExtensionContext context, Frame frame) {
      if (frame.isControlFrame()) {
        return frame;
      }
      Map<String, Object> state = context.getProperties();
      Deflater deflater = (Deflater) state.get("deflater");
      synchronized (deflater) {
        deflater.setInput(frame.getPayloadData());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
          n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
          out.write(buffer, 0, n);
        } while (n == buffer.length);
        byte[] data = out.toByteArray();
        if (frame.isFin()) {
          data = Arrays.copyOf(data, data.length - TAIL.length);
          if (state.containsKey("server_no_context_takeover")) {
            deflater.reset();
          }
        }
        return Frame.builder(frame).payloadData(data).rsv1(frame.getOpcode() != 0).build();
      }
    }

    @Override
    public void destroy(ExtensionContext context) {
      Map<String, Object> state = context.getProperties();
      if (state.get("inflater") instanceof Inflater i) {
        i.end();
      }
      if (state.get("deflater") instanceof Deflater d) {
        synchronized (d) {
          d.end();
        }
      }
    }
  }
}
