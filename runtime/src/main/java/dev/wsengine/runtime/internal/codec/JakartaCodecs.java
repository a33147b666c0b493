package dev.wsengine.runtime.internal.codec;

import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.EncodeException;
import dev.wsengine.Encoder;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.EndpointConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Uses {@code jakarta.websocket} decoders and encoders unchanged, as wsengine ones. Loaded only
 * when a codec implements a Jakarta interface, so the runtime needs the Jakarta API on the class
 * path only for those who use it.
 */
final class JakartaCodecs {
  static final String DECODER_TEXT = "jakarta.websocket.Decoder$Text";
  static final String DECODER_BINARY = "jakarta.websocket.Decoder$Binary";
  static final String ENCODER_TEXT = "jakarta.websocket.Encoder$Text";
  static final String ENCODER_BINARY = "jakarta.websocket.Encoder$Binary";

  private JakartaCodecs() {}

  /** The adapters for {@code codec}: one per Jakarta codec interface it implements. */
  static List<Object> adapt(Object codec) {
    List<Object> adapted = new ArrayList<>(2);
    if (codec instanceof jakarta.websocket.Decoder.Text<?> text) {
      adapted.add(new TextDecoder<>(text));
    }
    if (codec instanceof jakarta.websocket.Decoder.Binary<?> binary) {
      adapted.add(new BinaryDecoder<>(binary));
    }
    if (codec instanceof jakarta.websocket.Encoder.Text<?> text) {
      adapted.add(new TextEncoder<>(text));
    }
    if (codec instanceof jakarta.websocket.Encoder.Binary<?> binary) {
      adapted.add(new BinaryEncoder<>(binary));
    }
    return adapted;
  }

  /** Calls {@code init} of a Jakarta codec with an empty client configuration. */
  static void init(Object codec) {
    EndpointConfig config = ClientEndpointConfig.Builder.create().build();
    if (codec instanceof jakarta.websocket.Decoder decoder) {
      decoder.init(config);
    } else if (codec instanceof jakarta.websocket.Encoder encoder) {
      encoder.init(config);
    }
  }

  /** Calls {@code destroy} of a Jakarta codec. */
  static void destroy(Object codec) {
    if (codec instanceof jakarta.websocket.Decoder decoder) {
      decoder.destroy();
    } else if (codec instanceof jakarta.websocket.Encoder encoder) {
      encoder.destroy();
    }
  }

  private static DecodeException decodeFailure(String text, jakarta.websocket.DecodeException e) {
    return new DecodeException(text, e.getMessage(), e);
  }

  private record TextDecoder<T>(jakarta.websocket.Decoder.Text<T> jakarta)
      implements Decoder.Text<T> {
    @Override
    public boolean willDecode(String text) {
      return jakarta.willDecode(text);
    }

    @Override
    public T decode(String text) throws DecodeException {
      try {
        return jakarta.decode(text);
      } catch (jakarta.websocket.DecodeException e) {
        throw decodeFailure(text, e);
      }
    }
  }

  private record BinaryDecoder<T>(jakarta.websocket.Decoder.Binary<T> jakarta)
      implements Decoder.Binary<T> {
    @Override
    public boolean willDecode(ByteBuffer bytes) {
      return jakarta.willDecode(bytes);
    }

    @Override
    public T decode(ByteBuffer bytes) throws DecodeException {
      ByteBuffer raw = bytes.duplicate();
      try {
        return jakarta.decode(bytes);
      } catch (jakarta.websocket.DecodeException e) {
        throw new DecodeException(raw, e.getMessage(), e);
      }
    }
  }

  private record TextEncoder<T>(jakarta.websocket.Encoder.Text<T> jakarta)
      implements Encoder.Text<T> {
    @Override
    public String encode(T object) throws EncodeException {
      try {
        return jakarta.encode(object);
      } catch (jakarta.websocket.EncodeException e) {
        throw new EncodeException(e.getMessage(), e);
      }
    }
  }

  private record BinaryEncoder<T>(jakarta.websocket.Encoder.Binary<T> jakarta)
      implements Encoder.Binary<T> {
    @Override
    public ByteBuffer encode(T object) throws EncodeException {
      try {
        return jakarta.encode(object);
      } catch (jakarta.websocket.EncodeException e) {
        throw new EncodeException(e.getMessage(), e);
      }
    }
  }
}
