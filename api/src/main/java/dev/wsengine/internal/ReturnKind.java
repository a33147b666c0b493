package dev.wsengine.internal;

/** The return types a callback method may declare. Not API. */
public enum ReturnKind {
  VOID("void", "void"),
  TEXT("java.lang.String", "String"),
  BYTES("byte[]", "byte[]"),
  BYTE_BUFFER("java.nio.ByteBuffer", "ByteBuffer"),
  CLOSE_STATUS("dev.wsengine.CloseStatus", "CloseStatus"),
  /**
   * An {@code @OnMessage} reply of a class an encoder takes; its type is in {@link
   * CallbackMethod#returnType()}.
   */
  ENCODED(null, "an encoded type");

  private final String typeName;
  private final String simpleName;

  ReturnKind(String typeName, String simpleName) {
    this.typeName = typeName;
    this.simpleName = simpleName;
  }

  /** The kind whose type has this canonical name, or null. */
  public static ReturnKind forTypeName(String canonicalName) {
    for (ReturnKind kind : values()) {
      if (kind.typeName != null && kind.typeName.equals(canonicalName)) {
        return kind;
      }
    }
    return null;
  }

  /** The canonical name of the type. */
  public String typeName() {
    return typeName;
  }

  /** The name users write. */
  public String simpleName() {
    return simpleName;
  }
}
