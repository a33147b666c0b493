package dev.wsengine.internal;

import java.util.List;
import java.util.Objects;

/**
 * A handler class as a front end found it: what kind of type it is, how it nests, its callbacks.
 * Not API.
 */
public final class HandlerShape {
  /** What kind of type declares the callbacks. */
  public enum Kind {
    CLASS("a class"),
    ENUM("an enum"),
    RECORD("a record"),
    INTERFACE("an interface"),
    ANNOTATION("an annotation type");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** Where the class is declared. */
  public enum Nesting {
    TOP_LEVEL,
    STATIC_MEMBER,
    INNER_MEMBER,
    LOCAL,
    ANONYMOUS
  }

  private final String name;
  private final Kind kind;
  private final Nesting nesting;
  private final boolean isPrivate;
  private final String privateEnclosingClass;
  private final List<MethodShape> methods;
  private final String codecsDeclaredOn;
  private final List<CodecShape> decoders;
  private final List<CodecShape> encoders;
  private final TypeSystem types;

  private HandlerShape(
      String name,
      Kind kind,
      Nesting nesting,
      boolean isPrivate,
      String privateEnclosingClass,
      List<MethodShape> methods,
      String codecsDeclaredOn,
      List<CodecShape> decoders,
      List<CodecShape> encoders,
      TypeSystem types) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.nesting = Objects.requireNonNull(nesting, "nesting");
    this.isPrivate = isPrivate;
    this.privateEnclosingClass = privateEnclosingClass;
    this.methods = List.copyOf(methods);
    this.codecsDeclaredOn = codecsDeclaredOn;
    this.decoders = List.copyOf(decoders);
    this.encoders = List.copyOf(encoders);
    this.types = Objects.requireNonNull(types, "types");
  }

  /**
   * A handler class.
   *
   * @param name display name, such as {@code Outer.Inner}
   * @param privateEnclosingClass the display name of the first private class enclosing it, or null
   * @param methods the callback methods (those with at least one callback annotation), in the order
   *     errors should be reported: the class's own in source order, then inherited ones
   */
  public static HandlerShape of(
      String name,
      Kind kind,
      Nesting nesting,
      boolean isPrivate,
      String privateEnclosingClass,
      List<MethodShape> methods) {
    return new HandlerShape(
        name,
        kind,
        nesting,
        isPrivate,
        privateEnclosingClass,
        methods,
        null,
        List.of(),
        List.of(),
        TypeSystem.NONE);
  }

  /**
   * This shape with the codecs of its {@code @Codecs} annotation and the types to check them with.
   *
   * @param declaredOn the display name of the class that carries the annotation (the handler or a
   *     superclass), or null when there is none
   */
  public HandlerShape withCodecs(
      String declaredOn, List<CodecShape> decoders, List<CodecShape> encoders, TypeSystem types) {
    return new HandlerShape(
        name,
        kind,
        nesting,
        isPrivate,
        privateEnclosingClass,
        methods,
        declaredOn,
        decoders,
        encoders,
        types);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Nesting nesting() {
    return nesting;
  }

  public boolean isPrivate() {
    return isPrivate;
  }

  /** The first private class enclosing this one, or null. */
  public String privateEnclosingClass() {
    return privateEnclosingClass;
  }

  public List<MethodShape> methods() {
    return methods;
  }

  /** The class that carries the {@code @Codecs} annotation in effect, or null. */
  public String codecsDeclaredOn() {
    return codecsDeclaredOn;
  }

  /** The classes of {@code @Codecs(decoders = ...)}, in order. */
  public List<CodecShape> decoders() {
    return decoders;
  }

  /** The classes of {@code @Codecs(encoders = ...)}, in order. */
  public List<CodecShape> encoders() {
    return encoders;
  }

  /** Subtyping and sealing of the types in this shape. */
  public TypeSystem types() {
    return types;
  }
}
