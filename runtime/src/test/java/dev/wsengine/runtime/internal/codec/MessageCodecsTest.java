package dev.wsengine.runtime.internal.codec;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Codecs;
import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.EncodeException;
import dev.wsengine.Encoder;
import dev.wsengine.Message;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine's codecs do with what decoders and encoders return and throw. */
class MessageCodecsTest {
  public abstract static class Base<X> implements Decoder.Text<X> {}

  public static class Middle<Y> extends Base<List<Y>> {
    @Override
    public List<Y> decode(String text) {
      return List.of();
    }
  }

  public static final class Leaf extends Middle<Integer> {}

  @SuppressWarnings("rawtypes")
  public static final class Raw extends Middle {}

  public static final class Both implements Decoder.Text<String>, Encoder.Binary<Integer> {
    @Override
    public String decode(String text) {
      return text;
    }

    @Override
    public ByteBuffer encode(Integer object) {
      return ByteBuffer.allocate(4).putInt(object).flip();
    }
  }

  @Test
  void theBoundTypeIsFoundThroughSuperclassesAndErasedThroughRawOnes() throws Exception {
    Type leaf = GenericTypes.argumentOf(Leaf.class, Decoder.Text.class);
    assertThat(leaf.getTypeName()).isEqualTo("java.util.List<java.lang.Integer>");
    assertThat(GenericTypes.argumentOf(Raw.class, Decoder.Text.class)).isEqualTo(Object.class);
    assertThat(GenericTypes.argumentOf(Middle.class, Decoder.Text.class).getTypeName())
        .isEqualTo("java.util.List<Y>");
    assertThat(GenericTypes.argumentOf(Base.class, Decoder.Text.class).getTypeName())
        .isEqualTo("X");
    assertThat(GenericTypes.argumentOf(Leaf.class, Encoder.Text.class)).isNull();
    assertThat(GenericTypes.argumentOf(Both.class, Encoder.Binary.class)).isEqualTo(Integer.class);
  }

  public abstract static class JakartaBase<Z> implements jakarta.websocket.Decoder.Text<Z> {}

  public static final class JakartaLeaf extends JakartaBase<Integer> {
    @Override
    public Integer decode(String text) {
      return 1;
    }

    @Override
    public boolean willDecode(String text) {
      return true;
    }
  }

  static <N extends Number> N[] numbers() {
    return null;
  }

  @Test
  void substitutedTypesAreFullTypesAndErasuresAreClasses() throws Exception {
    java.lang.reflect.ParameterizedType leaf =
        (java.lang.reflect.ParameterizedType)
            GenericTypes.argumentOf(Leaf.class, Decoder.Text.class);
    assertThat(leaf.getRawType()).isEqualTo(List.class);
    assertThat(leaf.getActualTypeArguments()).asList().containsExactly(Integer.class);
    assertThat(leaf.getOwnerType()).isNull();
    assertThat(leaf.toString()).isEqualTo("java.util.List<java.lang.Integer>");
    assertThat(GenericTypes.erasure(leaf)).isEqualTo(List.class);
    // By name, through a superclass, for interfaces the runtime does not load itself.
    assertThat(GenericTypes.argumentOf(JakartaLeaf.class, "jakarta.websocket.Decoder$Text"))
        .isEqualTo(Integer.class);
    assertThat(GenericTypes.argumentOf(JakartaLeaf.class, "jakarta.websocket.Encoder$Text"))
        .isNull();
    Type array = MessageCodecsTest.class.getDeclaredMethod("numbers").getGenericReturnType();
    assertThat(GenericTypes.erasure(array)).isEqualTo(Number[].class);
    Type variable = Base.class.getTypeParameters()[0];
    assertThat(GenericTypes.erasure(variable)).isEqualTo(Object.class);
  }

  /** Returns null, or throws what it is told. */
  public static final class Misbehaving implements Decoder.Binary<Object>, Encoder.Text<Long> {
    @Override
    public boolean willDecode(ByteBuffer bytes) {
      bytes.get(); // moves its own view only
      return true;
    }

    @Override
    public Object decode(ByteBuffer bytes) {
      bytes.position(bytes.limit());
      return bytes.capacity() == 1 ? null : "decoded";
    }

    @Override
    public String encode(Long value) throws EncodeException {
      if (value == 0) {
        return null;
      }
      if (value < 0) {
        throw new IllegalStateException("negative");
      }
      return Long.toString(value);
    }
  }

  @Codecs(decoders = Misbehaving.class, encoders = Misbehaving.class)
  static final class Handler {}

  @Test
  void decodersSeeViewsOfTheirOwnAndANullResultIsADecodeException() throws Exception {
    MessageCodecs codecs = MessageCodecs.create(Handler.class, List.of());
    ByteBuffer bytes = ByteBuffer.wrap(new byte[] {1, 2, 3}).asReadOnlyBuffer();
    assertThat(codecs.decodeBinary(bytes)).isEqualTo("decoded");
    assertThat(bytes.position()).isEqualTo(0);
    DecodeException failure =
        assertThrows(
            DecodeException.class, () -> codecs.decodeBinary(ByteBuffer.wrap(new byte[1])));
    assertThat(failure)
        .hasMessageThat()
        .isEqualTo(
            "Misbehaving returned null for a binary message of 1 bytes; a decoder returns an object"
                + " or throws DecodeException");
    assertThat(failure.undecoded()).isEqualTo(Message.binary(new byte[1]));
    assertThat(codecs.decodesText()).isFalse();
    assertThat(codecs.decodeText("no text decoders")).isNull();
  }

  @Test
  void anEncoderThatReturnsNullOrThrowsGivesAnEncodeException() throws Exception {
    MessageCodecs codecs = MessageCodecs.create(Handler.class, List.of());
    assertThat(codecs.encode(7L)).isEqualTo(Message.text("7"));
    assertThat(assertThrows(EncodeException.class, () -> codecs.encode(0L)))
        .hasMessageThat()
        .isEqualTo("Misbehaving returned null for a java.lang.Long");
    EncodeException thrown = assertThrows(EncodeException.class, () -> codecs.encode(-1L));
    assertThat(thrown)
        .hasMessageThat()
        .isEqualTo(
            "Misbehaving failed on a java.lang.Long: java.lang.IllegalStateException: negative");
    assertThat(thrown).hasCauseThat().isInstanceOf(IllegalStateException.class);
    assertThat(assertThrows(IllegalArgumentException.class, () -> codecs.encode("text")))
        .hasMessageThat()
        .isEqualTo(
            "no encoder for java.lang.String: the encoders of Handler take none of its types:"
                + " Misbehaving (Encoder.Text<Long>)");
  }

  @Test
  void oneClassInBothListsIsMadeOnce() throws Exception {
    @Codecs(decoders = Both.class, encoders = Both.class)
    final class Twice {}
    MessageCodecs codecs = MessageCodecs.create(Twice.class, List.of());
    assertThat(codecs.decodeText("x")).isEqualTo("x");
    assertThat(codecs.encode(1).binary()).isEqualTo(ByteBuffer.allocate(4).putInt(1).flip());
  }

  public static final class Throwing implements Decoder.Text<String> {
    public Throwing() {
      throw new IllegalStateException("no config");
    }

    public Throwing(String config) {}

    @Override
    public String decode(String text) {
      return text;
    }
  }

  @Test
  void aDeclaredClassThatCannotBeMadeIsAClearError() {
    @Codecs(decoders = Throwing.class)
    final class Broken {}
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MessageCodecs.create(Broken.class, List.of()));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "@Codecs decoders of "
                + Broken.class.getName()
                + ": the constructor of "
                + Throwing.class.getName()
                + " threw java.lang.IllegalStateException: no config");
    // An instance from the builder takes its place, and nothing is made.
    MessageCodecs given = MessageCodecs.create(Broken.class, List.of(new Throwing("config")));
    assertThat(given.decodesText()).isTrue();
  }

  @Test
  void noCodecsAtAllIsTheSharedEmptyInstance() {
    assertThat(MessageCodecs.create(Object.class, List.of())).isSameInstanceAs(MessageCodecs.NONE);
    assertThat(assertThrows(IllegalArgumentException.class, () -> MessageCodecs.NONE.encode(1)))
        .hasMessageThat()
        .contains("has no encoders. Declare one with @Codecs(encoders = ...)");
  }

  /** Misbehaves in the other direction: binary decoding fails, text decoding returns null. */
  public static final class Contrary
      implements Decoder.Text<Object>, Decoder.Binary<Object>, Encoder.Binary<Short> {
    @Override
    public Object decode(String text) {
      return null;
    }

    @Override
    public boolean willDecode(ByteBuffer bytes) {
      return bytes.remaining() > 0;
    }

    @Override
    public Object decode(ByteBuffer bytes) throws DecodeException {
      if (bytes.remaining() == 1) {
        throw new DecodeException(bytes, "one byte is not enough");
      }
      throw new IllegalArgumentException("never");
    }

    @Override
    public ByteBuffer encode(Short value) {
      return null;
    }
  }

  @Codecs(decoders = Contrary.class, encoders = Contrary.class)
  static final class ContraryHandler {}

  @Test
  void everyWayADecoderOrEncoderCanFailIsADecodeOrEncodeException() throws Exception {
    MessageCodecs codecs = MessageCodecs.create(ContraryHandler.class, List.of());
    assertThat(assertThrows(DecodeException.class, () -> codecs.decode(Message.text("abc"))))
        .hasMessageThat()
        .isEqualTo(
            "Contrary returned null for a text message of 3 characters; a decoder returns an object"
                + " or throws DecodeException");
    assertThat(
            assertThrows(
                DecodeException.class, () -> codecs.decode(Message.binary(new byte[] {1}))))
        .hasMessageThat()
        .isEqualTo("one byte is not enough");
    DecodeException wrapped =
        assertThrows(DecodeException.class, () -> codecs.decode(Message.binary(new byte[2])));
    assertThat(wrapped)
        .hasMessageThat()
        .isEqualTo(
            "Contrary failed on a binary message of 2 bytes: java.lang.IllegalArgumentException:"
                + " never");
    assertThat(wrapped.undecoded()).isEqualTo(Message.binary(new byte[2]));
    assertThat(codecs.decode(Message.binary(new byte[0]))).isEmpty();
    assertThat(assertThrows(EncodeException.class, () -> codecs.encode((short) 1)))
        .hasMessageThat()
        .isEqualTo("Contrary returned null for a java.lang.Short");
    assertThat(assertThrows(IllegalArgumentException.class, () -> codecs.encode(1)))
        .hasMessageThat()
        .isEqualTo(
            "no encoder for java.lang.Integer: the encoders of ContraryHandler take none of its"
                + " types: Contrary (Encoder.Binary<Short>)");
  }

  @Codecs(decoders = String.class)
  static final class NotADecoder {}

  @Codecs(
      encoders = Both.class,
      decoders = {})
  static final class OnlyAnEncoderThatIsAlsoADecoder {}

  @Codecs(encoders = Throwing.class)
  static final class NotAnEncoder {}

  @Codecs
  static final class Empty {}

  public static final class Hidden implements Decoder.Text<String> {
    Hidden() {}

    @Override
    public String decode(String text) {
      return text;
    }
  }

  @Codecs(decoders = Hidden.class)
  static final class HiddenConstructor {}

  @Test
  void whatTheProcessorRejectsIsAlsoRefusedWhenTheEngineIsBuilt() {
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> MessageCodecs.create(NotADecoder.class, List.of())))
        .hasMessageThat()
        .isEqualTo(
            "@Codecs decoders of "
                + NotADecoder.class.getName()
                + " must implement Decoder.Text or Decoder.Binary (of dev.wsengine or"
                + " jakarta.websocket); java.lang.String implements neither");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> MessageCodecs.create(NotAnEncoder.class, List.of(new Throwing("x")))))
        .hasMessageThat()
        .isEqualTo(
            "@Codecs encoders of "
                + NotAnEncoder.class.getName()
                + " must implement Encoder.Text or Encoder.Binary (of dev.wsengine or"
                + " jakarta.websocket); "
                + Throwing.class.getName()
                + " implements neither");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> MessageCodecs.create(HiddenConstructor.class, List.of())))
        .hasMessageThat()
        .startsWith(
            "@Codecs decoders of "
                + HiddenConstructor.class.getName()
                + ": cannot make a "
                + Hidden.class.getName()
                + " (java.lang.NoSuchMethodException");
    assertThat(MessageCodecs.create(Empty.class, List.of())).isSameInstanceAs(MessageCodecs.NONE);
    assertThat(MessageCodecs.create(OnlyAnEncoderThatIsAlsoADecoder.class, List.of()).decodesText())
        .isFalse();
  }

  /** A Jakarta decoder whose destroy() fails: logged, and the rest still destroyed. */
  public static final class FailingDestroy implements jakarta.websocket.Decoder.Text<String> {
    static int destroyed;

    @Override
    public void destroy() {
      destroyed++;
      throw new IllegalStateException("cannot destroy");
    }

    @Override
    public String decode(String text) {
      return text;
    }

    @Override
    public boolean willDecode(String text) {
      return true;
    }
  }

  @Codecs(decoders = FailingDestroy.class)
  static final class FailingDestroyHandler {}

  @Test
  void aFailingDestroyIsLoggedAndOpenAndCloseRunOncePerCycle() {
    MessageCodecs codecs = MessageCodecs.create(FailingDestroyHandler.class, List.of());
    FailingDestroy.destroyed = 0;
    codecs.close(); // not open: nothing to destroy
    codecs.open();
    codecs.open();
    codecs.close();
    codecs.close();
    assertThat(FailingDestroy.destroyed).isEqualTo(1);
  }
}
