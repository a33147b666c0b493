package dev.wsengine.internal;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The types a callback method may declare as parameters. Not API. */
public enum ParameterKind {
  TEXT("java.lang.String", "String", Receives.TEXT),
  BYTES("byte[]", "byte[]", Receives.BINARY),
  BYTE_BUFFER("java.nio.ByteBuffer", "ByteBuffer", Receives.BINARY),
  MESSAGE("dev.wsengine.Message", "Message", Receives.BOTH),
  CONNECTION("dev.wsengine.Connection", "Connection", Receives.NONE),
  ENGINE_CONTROL("dev.wsengine.EngineControl", "EngineControl", Receives.NONE),
  OPEN_INFO("dev.wsengine.OpenInfo", "OpenInfo", Receives.NONE),
  CLOSE_STATUS("dev.wsengine.CloseStatus", "CloseStatus", Receives.NONE),
  ERROR("java.lang.Throwable", "Throwable", Receives.NONE),
  RESTART_ATTEMPT("dev.wsengine.RestartAttempt", "RestartAttempt", Receives.NONE),
  /**
   * An {@code @OnMessage} parameter of a class a decoder produces ({@code Tick}); its type is in
   * {@link CallbackMethod#messageType()}.
   */
  DECODED(null, "a decoded type", Receives.DECODED);

  /** Which message kinds a message parameter receives. */
  public enum Receives {
    NONE(false, false),
    TEXT(true, false),
    BINARY(false, true),
    BOTH(true, true),
    /** Decoded objects, from either kind of message. */
    DECODED(false, false);

    final boolean text;
    final boolean binary;

    Receives(boolean text, boolean binary) {
      this.text = text;
      this.binary = binary;
    }
  }

  private static final Map<String, ParameterKind> BY_TYPE_NAME =
      Stream.of(values())
          .filter(k -> k.typeName != null)
          .collect(Collectors.toUnmodifiableMap(k -> k.typeName, Function.identity()));

  private final String typeName;
  private final String simpleName;
  private final Receives receives;

  ParameterKind(String typeName, String simpleName, Receives receives) {
    this.typeName = typeName;
    this.simpleName = simpleName;
    this.receives = receives;
  }

  /**
   * The kind whose type has this canonical name ({@code java.lang.String}, {@code byte[]}), or
   * null.
   */
  public static ParameterKind forTypeName(String canonicalName) {
    return BY_TYPE_NAME.get(canonicalName);
  }

  /**
   * The canonical name of the type, as {@link Class#getCanonicalName()} gives it; null for DECODED.
   */
  public String typeName() {
    return typeName;
  }

  /** The name users write. */
  public String simpleName() {
    return simpleName;
  }

  /** Whether this is the message of an {@code @OnMessage} method. */
  public boolean isMessage() {
    return receives != Receives.NONE;
  }

  /** Whether this is a decoded message parameter. */
  public boolean isDecoded() {
    return receives == Receives.DECODED;
  }

  /** Whether a message parameter of this kind receives text messages. */
  public boolean receivesText() {
    return receives.text;
  }

  /** Whether a message parameter of this kind receives binary messages. */
  public boolean receivesBinary() {
    return receives.binary;
  }
}
