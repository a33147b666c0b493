package dev.wsengine.internal;

/**
 * One rule a handler class breaks, and where: the class, one of its methods, or one parameter of
 * that method. Not API.
 */
public final class Problem {
  private final Diagnostic diagnostic;
  private final String message;
  private final int method;
  private final int parameter;
  private final CallbackKind annotation;
  private final CodecShape codec;

  Problem(
      Diagnostic diagnostic,
      String message,
      int method,
      int parameter,
      CallbackKind annotation,
      CodecShape codec) {
    this.diagnostic = diagnostic;
    this.message = message;
    this.method = method;
    this.parameter = parameter;
    this.annotation = annotation;
    this.codec = codec;
  }

  /** Whether this is only a warning: the class is still a valid handler. */
  public boolean isWarning() {
    return diagnostic.isWarning();
  }

  /** The {@code @Codecs} entry the problem concerns (then {@link #method()} is -1), or null. */
  public CodecShape codec() {
    return codec;
  }

  public Diagnostic diagnostic() {
    return diagnostic;
  }

  public String message() {
    return message;
  }

  /** The index of the method in {@link HandlerShape#methods()}, or -1 for the class itself. */
  public int method() {
    return method;
  }

  /** The index of the parameter in the method, or -1 for the method as a whole. */
  public int parameter() {
    return parameter;
  }

  /** The annotation the problem concerns, or null. */
  public CallbackKind annotation() {
    return annotation;
  }

  @Override
  public String toString() {
    return message;
  }
}
