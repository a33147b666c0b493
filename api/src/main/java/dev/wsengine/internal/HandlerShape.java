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

  private HandlerShape(
      String name,
      Kind kind,
      Nesting nesting,
      boolean isPrivate,
      String privateEnclosingClass,
      List<MethodShape> methods) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.nesting = Objects.requireNonNull(nesting, "nesting");
    this.isPrivate = isPrivate;
    this.privateEnclosingClass = privateEnclosingClass;
    this.methods = List.copyOf(methods);
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
    return new HandlerShape(name, kind, nesting, isPrivate, privateEnclosingClass, methods);
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
}
