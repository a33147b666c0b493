package dev.wsengine.internal;

import java.util.Objects;

/**
 * One class named in {@code @Codecs}, as a front end found it: which codec interfaces it
 * implements, the type each produces or takes, and whether the engine can make one. Not API.
 */
public final class CodecShape {
  /** The {@code @Codecs} member a class is listed in. */
  public enum Role {
    DECODER("decoders", "Decoder"),
    ENCODER("encoders", "Encoder");

    private final String member;
    private final String interfaceName;

    Role(String member, String interfaceName) {
      this.member = member;
      this.interfaceName = interfaceName;
    }

    /** The annotation member: {@code decoders}. */
    public String member() {
      return member;
    }

    /** {@code Decoder} or {@code Encoder}. */
    public String interfaceName() {
      return interfaceName;
    }
  }

  private final Role role;
  private final int index;
  private final String name;
  private final TypeRef text;
  private final TypeRef binary;
  private final boolean jakarta;
  private final String notInstantiable;

  private CodecShape(
      Role role,
      int index,
      String name,
      TypeRef text,
      TypeRef binary,
      boolean jakarta,
      String notInstantiable) {
    this.role = Objects.requireNonNull(role, "role");
    this.index = index;
    this.name = Objects.requireNonNull(name, "name");
    this.text = text;
    this.binary = binary;
    this.jakarta = jakarta;
    this.notInstantiable = notInstantiable;
  }

  /**
   * A codec class.
   *
   * @param index its position in the annotation member
   * @param name its display name
   * @param text the {@code T} of the {@code Text<T>} interface of its role it implements (a type
   *     variable's name when the class leaves it unbound), or null
   * @param binary the same for {@code Binary<T>}, or null
   * @param jakarta whether those interfaces are {@code jakarta.websocket}'s
   * @param notInstantiable why the engine cannot make one with {@code new}, in words that follow
   *     the class name ("is abstract"), or null if it can
   */
  public static CodecShape of(
      Role role,
      int index,
      String name,
      TypeRef text,
      TypeRef binary,
      boolean jakarta,
      String notInstantiable) {
    return new CodecShape(role, index, name, text, binary, jakarta, notInstantiable);
  }

  public Role role() {
    return role;
  }

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  /** What it produces from (decoder) or encodes to (encoder) text messages, or null. */
  public TypeRef text() {
    return text;
  }

  /** What it produces from or encodes to binary messages, or null. */
  public TypeRef binary() {
    return binary;
  }

  public boolean isJakarta() {
    return jakarta;
  }

  /** Why {@code new} cannot make one, or null. */
  public String notInstantiable() {
    return notInstantiable;
  }

  /** Whether it implements a codec interface of its role. */
  public boolean isCodec() {
    return text != null || binary != null;
  }

  /** How messages describe it: {@code TickDecoder (Decoder.Text<Tick>)}. */
  public String describe() {
    if (!isCodec()) {
      return name + " (not " + (role == Role.DECODER ? "a decoder" : "an encoder") + ")";
    }
    StringBuilder s = new StringBuilder(name).append(" (");
    String prefix = (jakarta ? "jakarta.websocket." : "") + role.interfaceName();
    if (text != null) {
      s.append(prefix).append(".Text<").append(text.displayName()).append('>');
    }
    if (binary != null) {
      s.append(text != null ? ", " : "")
          .append(prefix)
          .append(".Binary<")
          .append(binary.displayName())
          .append('>');
    }
    return s.append(')').toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
