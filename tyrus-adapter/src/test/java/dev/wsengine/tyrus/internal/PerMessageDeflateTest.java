package dev.wsengine.tyrus.internal;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.spi.Compression;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The extension's sending side on its own: what the server's answer sets, and a window below 15
 * bits kept although {@link java.util.zip.Deflater} cannot shrink its own.
 */
class PerMessageDeflateTest {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final ExtendedExtension.ExtensionContext CONTEXT = HashMap::new;

  private final List<String> failures = new ArrayList<>();
  private PerMessageDeflate extension;

  @AfterEach
  void tearDown() {
    if (extension != null) {
      extension.destroy(CONTEXT);
    }
  }

  private PerMessageDeflate negotiated(Compression offer, String answer) {
    extension =
        new PerMessageDeflate(
            offer,
            1 << 20,
            1 << 20,
            new PerMessageDeflate.Failures() {
              @Override
              public void tooBig(String kind, int limit) {
                failures.add("tooBig " + kind + " " + limit);
              }

              @Override
              public void protocolError(String reason) {
                failures.add("protocolError " + reason);
              }
            });
    assertThat(extension.checkResponse(List.of(answer))).isNull();
    extension.onHandshakeResponse(CONTEXT, List.of());
    return extension;
  }

  @Test
  void theAnswerSetsTheAgreement() {
    PerMessageDeflate plain = negotiated(Compression.permessageDeflate(), "permessage-deflate");
    assertThat(plain.agreed()).isEqualTo(new PerMessageDeflate.Agreement(false, false, 15));
    plain.destroy(CONTEXT);

    PerMessageDeflate asked =
        negotiated(
            Compression.permessageDeflate(),
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover;"
                + " client_max_window_bits=\"10\"");
    assertThat(asked.agreed()).isEqualTo(new PerMessageDeflate.Agreement(true, true, 10));
    asked.destroy(CONTEXT);

    PerMessageDeflate offered =
        negotiated(
            Compression.permessageDeflate()
                .withClientMaxWindowBits(12)
                .withClientNoContextTakeover(),
            "permessage-deflate");
    assertThat(offered.agreed()).isEqualTo(new PerMessageDeflate.Agreement(true, false, 12));
  }

  @Test
  void aSmallClientWindow_keepsBackReferencesWithinIt() throws Exception {
    // Random 1 KiB, then the same 1 KiB again: 1024 bytes back, outside a 512-byte window.
    byte[] block = new byte[1024];
    new Random(1).nextBytes(block);
    byte[] twice = new byte[2048];
    System.arraycopy(block, 0, twice, 0, 1024);
    System.arraycopy(block, 0, twice, 1024, 1024);

    byte[] fullWindow =
        negotiated(Compression.permessageDeflate(), "permessage-deflate")
            .processOutgoing(CONTEXT, binary(twice))
            .getPayloadData();
    extension.destroy(CONTEXT);
    Frame small =
        negotiated(Compression.permessageDeflate(), "permessage-deflate; client_max_window_bits=9")
            .processOutgoing(CONTEXT, binary(twice));
    byte[] smallWindow = small.getPayloadData();

    assertThat(fullWindow.length).isLessThan(1024 + 100); // the repeat is a back-reference
    assertThat(smallWindow.length).isAtLeast(2048); // it cannot be one within 512 bytes
    assertThat(small.isRsv1()).isTrue();
    assertThat(inflate(smallWindow)).isEqualTo(twice);
    assertThat(inflate(fullWindow)).isEqualTo(twice);
    assertThat(failures).isEmpty();
  }

  @Test
  void noContextTakeover_makesEachMessageInflateOnItsOwn() throws Exception {
    byte[] text =
        "the same words, again and again, the same words".getBytes(StandardCharsets.UTF_8);
    PerMessageDeflate deflate =
        negotiated(
            Compression.permessageDeflate().withClientNoContextTakeover(), "permessage-deflate");

    byte[] first = deflate.processOutgoing(CONTEXT, binary(text)).getPayloadData();
    byte[] second = deflate.processOutgoing(CONTEXT, binary(text)).getPayloadData();

    assertThat(second).isEqualTo(first); // no reference to the first message
    assertThat(inflate(second)).isEqualTo(text);
  }

  private static Frame binary(byte[] payload) {
    return Frame.builder().opcode((byte) 2).fin(true).payloadData(payload).build();
  }

  /** A fresh raw inflater over one message's payload and the tail. */
  private static byte[] inflate(byte[] payload) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (byte[] input : List.of(payload, TAIL)) {
        inflater.setInput(input);
        while (!inflater.needsInput()) {
          int n = inflater.inflate(buffer);
          out.write(buffer, 0, n);
          if (n == 0 && inflater.finished()) {
            break;
          }
        }
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }
}
