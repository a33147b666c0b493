package dev.wsengine.runtime.internal.codec;

import dev.wsengine.Codecs;
import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.EncodeException;
import dev.wsengine.Encoder;
import dev.wsengine.Message;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The decoders and encoders of one engine: those its handler class declares with {@link Codecs},
 * each made once with its no-argument constructor unless the builder was given an instance of that
 * class, then the other instances given to the builder, in order. Jakarta codecs are adapted.
 *
 * <p>Threads: immutable after construction but for a cache of which encoder takes which class;
 * every method may be called from any thread. The codecs themselves must be safe for concurrent use
 * (their documentation says so).
 */
public final class MessageCodecs {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");

  /** No codecs: what a handler without {@code @Codecs} and without builder codecs has. */
  public static final MessageCodecs NONE =
      new MessageCodecs("a handler", List.of(), List.of(), List.of(), List.of());

  private final String handlerName;
  private final List<Entry<Decoder.Text<Object>>> textDecoders;
  private final List<Entry<Decoder.Binary<Object>>> binaryDecoders;
  private final List<Entry<Encoder>> encoders;

  /** The Jakarta codecs, whose {@code init} and {@code destroy} the engine calls. */
  private final List<Object> jakarta;

  private final AtomicBoolean open = new AtomicBoolean();
  private final Map<Class<?>, Optional<Entry<Encoder>>> encoderFor = new ConcurrentHashMap<>();

  /** One codec: what describes it in messages, and the type it produces or takes. */
  private record Entry<C>(String name, Class<?> type, C codec) {
    String describe(String form) {
      return name + " (" + form + "<" + type.getSimpleName() + ">)";
    }
  }

  private MessageCodecs(
      String handlerName,
      List<Entry<Decoder.Text<Object>>> textDecoders,
      List<Entry<Decoder.Binary<Object>>> binaryDecoders,
      List<Entry<Encoder>> encoders,
      List<Object> jakarta) {
    this.handlerName = handlerName;
    this.textDecoders = List.copyOf(textDecoders);
    this.binaryDecoders = List.copyOf(binaryDecoders);
    this.encoders = List.copyOf(encoders);
    this.jakarta = List.copyOf(jakarta);
  }

  /**
   * The codecs of {@code handlerClass}'s {@code @Codecs} and {@code given}.
   *
   * @param given instances from the builder: each replaces the declared codec of its class, or
   *     comes after the declared ones
   * @throws IllegalArgumentException if a codec is neither a wsengine nor a Jakarta decoder or
   *     encoder, two given instances have the same class, or a declared class cannot be made
   */
  public static MessageCodecs create(Class<?> handlerClass, List<?> given) {
    Map<Class<?>, Object> givenByClass = checkGiven(given);
    Codecs declared = handlerClass.getAnnotation(Codecs.class);
    if (declared == null && given.isEmpty()) {
      return NONE;
    }
    String handlerName = handlerClass.getSimpleName();
    // One instance per class: given, else made once, even if both lists name the class.
    Map<Class<?>, Object> instances = new LinkedHashMap<>(givenByClass);
    List<Object> decoders = new ArrayList<>();
    List<Object> encoders = new ArrayList<>();
    if (declared != null) {
      for (Class<?> type : declared.decoders()) {
        decoders.add(instances.computeIfAbsent(type, t -> make(t, handlerClass, "decoders")));
      }
      for (Class<?> type : declared.encoders()) {
        encoders.add(instances.computeIfAbsent(type, t -> make(t, handlerClass, "encoders")));
      }
    }
    for (Object codec : givenByClass.values()) {
      if (!containsInstance(decoders, codec) && !containsInstance(encoders, codec)) {
        if (isDecoder(codec.getClass())) {
          decoders.add(codec);
        }
        if (isEncoder(codec.getClass())) {
          encoders.add(codec);
        }
      }
    }

    List<Entry<Decoder.Text<Object>>> text = new ArrayList<>();
    List<Entry<Decoder.Binary<Object>>> binary = new ArrayList<>();
    List<Entry<Encoder>> encoding = new ArrayList<>();
    List<Object> jakarta = new ArrayList<>();
    for (Object codec : decoders) {
      addDecoder(codec, text, binary, handlerClass);
    }
    for (Object codec : encoders) {
      addEncoder(codec, encoding, handlerClass);
    }
    for (Object codec : decoders) {
      if (isJakarta(codec.getClass())) {
        jakarta.add(codec);
      }
    }
    for (Object codec : encoders) {
      if (isJakarta(codec.getClass()) && !containsInstance(jakarta, codec)) {
        jakarta.add(codec);
      }
    }
    if (text.isEmpty() && binary.isEmpty() && encoding.isEmpty()) {
      return NONE;
    }
    return new MessageCodecs(handlerName, text, binary, encoding, jakarta);
  }

  /**
   * Checks codecs given to the builder, by class.
   *
   * @throws IllegalArgumentException if one is not a codec, or two have the same class
   */
  public static Map<Class<?>, Object> checkGiven(List<?> given) {
    Map<Class<?>, Object> givenByClass = new LinkedHashMap<>();
    for (Object codec : given) {
      Class<?> type = codec.getClass();
      if (!isCodec(type)) {
        throw new IllegalArgumentException(
            "codec must implement dev.wsengine.Decoder.Text or .Binary, dev.wsengine.Encoder.Text"
                + " or .Binary, or their jakarta.websocket counterparts; got "
                + type.getName());
      }
      if (givenByClass.putIfAbsent(type, codec) != null) {
        throw new IllegalArgumentException(
            "codec: two instances of "
                + type.getName()
                + " given; give one per class (it replaces the one @Codecs would make)");
      }
    }
    return givenByClass;
  }

  /** Whether {@code list} holds {@code codec} itself: codecs may define equals as they like. */
  private static boolean containsInstance(List<Object> list, Object codec) {
    return list.stream().anyMatch(c -> c == codec);
  }

  @SuppressWarnings("unchecked") // a Decoder.Text<T> produces Objects whatever its T
  private static void addDecoder(
      Object codec,
      List<Entry<Decoder.Text<Object>>> text,
      List<Entry<Decoder.Binary<Object>>> binary,
      Class<?> handlerClass) {
    Class<?> type = codec.getClass();
    String name = type.getSimpleName();
    List<Object> adapted = isJakarta(type) ? JakartaCodecs.adapt(codec) : List.of(codec);
    boolean any = false;
    for (Object d : adapted) {
      if (d instanceof Decoder.Text<?> t) {
        text.add(new Entry<>(name, produced(type, true, true), (Decoder.Text<Object>) t));
        any = true;
      }
      if (d instanceof Decoder.Binary<?> b) {
        binary.add(new Entry<>(name, produced(type, false, true), (Decoder.Binary<Object>) b));
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException(
          "@Codecs decoders of "
              + handlerClass.getName()
              + " must implement Decoder.Text or Decoder.Binary (of dev.wsengine or"
              + " jakarta.websocket); "
              + type.getName()
              + " implements neither");
    }
  }

  private static void addEncoder(
      Object codec, List<Entry<Encoder>> encoders, Class<?> handlerClass) {
    Class<?> type = codec.getClass();
    List<Object> adapted = isJakarta(type) ? JakartaCodecs.adapt(codec) : List.of(codec);
    boolean any = false;
    for (Object e : adapted) {
      if (e instanceof Encoder.Text<?> t) {
        encoders.add(new Entry<>(type.getSimpleName(), produced(type, true, false), t));
        any = true;
      }
      if (e instanceof Encoder.Binary<?> b) {
        encoders.add(new Entry<>(type.getSimpleName(), produced(type, false, false), b));
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException(
          "@Codecs encoders of "
              + handlerClass.getName()
              + " must implement Encoder.Text or Encoder.Binary (of dev.wsengine or"
              + " jakarta.websocket); "
              + type.getName()
              + " implements neither");
    }
  }

  /** The class a codec produces or takes: the erasure of its bound {@code T}; Object if unbound. */
  static Class<?> produced(Class<?> type, boolean text, boolean decoder) {
    Type bound =
        isJakarta(type)
            ? GenericTypes.argumentOf(type, jakartaName(text, decoder))
            : GenericTypes.argumentOf(type, ourInterface(text, decoder));
    return bound == null ? Object.class : GenericTypes.erasure(bound);
  }

  static Class<?> ourInterface(boolean text, boolean decoder) {
    if (decoder) {
      return text ? Decoder.Text.class : Decoder.Binary.class;
    }
    return text ? Encoder.Text.class : Encoder.Binary.class;
  }

  static String jakartaName(boolean text, boolean decoder) {
    if (decoder) {
      return text ? JakartaCodecs.DECODER_TEXT : JakartaCodecs.DECODER_BINARY;
    }
    return text ? JakartaCodecs.ENCODER_TEXT : JakartaCodecs.ENCODER_BINARY;
  }

  private static Object make(Class<?> type, Class<?> handlerClass, String member) {
    try {
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "@Codecs "
              + member
              + " of "
              + handlerClass.getName()
              + ": the constructor of "
              + type.getName()
              + " threw "
              + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "@Codecs "
              + member
              + " of "
              + handlerClass.getName()
              + ": cannot make a "
              + type.getName()
              + " ("
              + e
              + "); it needs to be a public, concrete class with a public no-argument"
              + " constructor, in a package the wsengine runtime can read, or give a configured"
              + " instance to WebSocketEngine.Builder.codec(...)",
          e);
    }
  }

  static boolean isCodec(Class<?> type) {
    return isDecoder(type) || isEncoder(type);
  }

  private static boolean isDecoder(Class<?> type) {
    return Decoder.class.isAssignableFrom(type)
        || implementsNamed(type, "jakarta.websocket.Decoder");
  }

  private static boolean isEncoder(Class<?> type) {
    return Encoder.class.isAssignableFrom(type)
        || implementsNamed(type, "jakarta.websocket.Encoder");
  }

  static boolean isJakarta(Class<?> type) {
    return implementsNamed(type, "jakarta.websocket.Decoder")
        || implementsNamed(type, "jakarta.websocket.Encoder");
  }

  /** Whether {@code type} implements an interface of that name, without loading it ourselves. */
  private static boolean implementsNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().equals(name) || implementsNamed(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  // --- Lifecycle ---

  /** Calls {@code init} of every Jakarta codec, once per {@link #close()}. */
  public void open() {
    if (open.compareAndSet(false, true)) {
      for (Object codec : jakarta) {
        JakartaCodecs.init(codec);
      }
    }
  }

  /** Calls {@code destroy} of every Jakarta codec, if {@link #open()} ran; never throws. */
  public void close() {
    if (open.compareAndSet(true, false)) {
      for (Object codec : jakarta) {
        try {
          JakartaCodecs.destroy(codec);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "destroy() of " + codec.getClass().getName() + " failed", e);
        }
      }
    }
  }

  // --- Decoding ---

  public boolean decodesText() {
    return !textDecoders.isEmpty();
  }

  public boolean decodesBinary() {
    return !binaryDecoders.isEmpty();
  }

  /**
   * The object the first text decoder that takes {@code text} makes of it, or null if none takes
   * it.
   *
   * @throws DecodeException if that decoder failed or returned null; it carries {@code text}
   */
  public Object decodeText(String text) throws DecodeException {
    for (Entry<Decoder.Text<Object>> entry : textDecoders) {
      Decoder.Text<Object> decoder = entry.codec();
      Object decoded;
      try {
        if (!decoder.willDecode(text)) {
          continue;
        }
        decoded = decoder.decode(text);
      } catch (DecodeException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new DecodeException(
            text, failed(entry, "a text message of " + text.length() + " characters", e), e);
      }
      if (decoded == null) {
        throw new DecodeException(
            text,
            entry.name()
                + " returned null for a text message of "
                + text.length()
                + " characters; a decoder returns an object or throws DecodeException");
      }
      return decoded;
    }
    return null;
  }

  /**
   * The object the first binary decoder that takes {@code bytes} makes of them, or null if none
   * takes them. Each decoder sees a view of its own; {@code bytes} is not moved.
   *
   * @throws DecodeException if that decoder failed or returned null; it carries the bytes
   */
  public Object decodeBinary(ByteBuffer bytes) throws DecodeException {
    for (Entry<Decoder.Binary<Object>> entry : binaryDecoders) {
      Decoder.Binary<Object> decoder = entry.codec();
      Object decoded;
      try {
        if (!decoder.willDecode(bytes.asReadOnlyBuffer())) {
          continue;
        }
        decoded = decoder.decode(bytes.asReadOnlyBuffer());
      } catch (DecodeException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new DecodeException(
            bytes, failed(entry, "a binary message of " + bytes.remaining() + " bytes", e), e);
      }
      if (decoded == null) {
        throw new DecodeException(
            bytes,
            entry.name()
                + " returned null for a binary message of "
                + bytes.remaining()
                + " bytes; a decoder returns an object or throws DecodeException");
      }
      return decoded;
    }
    return null;
  }

  /** {@link #decodeText} or {@link #decodeBinary}, as the message is. */
  public Optional<Object> decode(Message message) throws DecodeException {
    return Optional.ofNullable(
        message.isText() ? decodeText(message.text()) : decodeBinary(message.binary()));
  }

  private static String failed(Entry<?> entry, String what, RuntimeException e) {
    return entry.name() + " failed on " + what + ": " + e;
  }

  // --- Encoding ---

  /**
   * The message the first encoder whose type {@code object} is an instance of makes of it.
   *
   * @throws IllegalArgumentException if no encoder takes it; the message names the class and the
   *     encoders
   * @throws EncodeException if the encoder failed or returned null
   */
  public Message encode(Object object) throws EncodeException {
    Class<?> type = object.getClass();
    Entry<Encoder> entry =
        encoderFor
            .computeIfAbsent(
                type, t -> encoders.stream().filter(e -> e.type().isAssignableFrom(t)).findFirst())
            .orElseThrow(() -> noEncoder(type));
    try {
      if (entry.codec() instanceof Encoder.Text<?> text) {
        String encoded = encodeText(text, object);
        if (encoded == null) {
          throw new EncodeException(entry.name() + " returned null for a " + type.getName());
        }
        return Message.text(encoded);
      }
      ByteBuffer encoded = encodeBinary((Encoder.Binary<?>) entry.codec(), object);
      if (encoded == null) {
        throw new EncodeException(entry.name() + " returned null for a " + type.getName());
      }
      return Message.binary(encoded);
    } catch (EncodeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new EncodeException(entry.name() + " failed on a " + type.getName() + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked") // the encoder's type took the object's class
  private static <T> String encodeText(Encoder.Text<T> encoder, Object object)
      throws EncodeException {
    return encoder.encode((T) object);
  }

  @SuppressWarnings("unchecked") // the encoder's type took the object's class
  private static <T> ByteBuffer encodeBinary(Encoder.Binary<T> encoder, Object object)
      throws EncodeException {
    return encoder.encode((T) object);
  }

  private IllegalArgumentException noEncoder(Class<?> type) {
    if (encoders.isEmpty()) {
      return new IllegalArgumentException(
          "no encoder for "
              + type.getName()
              + ": "
              + handlerName
              + " has no encoders. Declare one with @Codecs(encoders = ...) or give one to"
              + " WebSocketEngine.Builder.codec(...); String, byte[], ByteBuffer and Message need"
              + " none");
    }
    List<String> known = new ArrayList<>();
    for (Entry<Encoder> e : encoders) {
      known.add(
          e.describe(e.codec() instanceof Encoder.Text<?> ? "Encoder.Text" : "Encoder.Binary"));
    }
    return new IllegalArgumentException(
        "no encoder for "
            + type.getName()
            + ": the encoders of "
            + handlerName
            + " take none of its types: "
            + String.join(", ", known));
  }
}
