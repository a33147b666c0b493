package dev.wsengine.processor.model;

import dev.wsengine.internal.HandlerShape;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ExecutableType;

/**
 * A handler class as javac sees it: the {@link HandlerShape} the shared rules check, and the
 * elements behind it, so that problems can be reported where they are and code generated for what
 * is there.
 */
public final class ScannedHandler {
  private final TypeElement type;
  private final HandlerShape shape;
  private final List<Callback> methods;

  ScannedHandler(TypeElement type, HandlerShape shape, List<Callback> methods) {
    this.type = type;
    this.shape = shape;
    this.methods = List.copyOf(methods);
  }

  public TypeElement type() {
    return type;
  }

  public HandlerShape shape() {
    return shape;
  }

  /** The elements behind {@code shape().methods()}, index for index. */
  public List<Callback> methods() {
    return methods;
  }

  /**
   * One callback method: the method the dispatcher calls (the most-derived declaration) and where
   * its callback annotations are written (the same method, or the one it overrides).
   */
  public static final class Callback {
    private final ExecutableElement called;
    private final ExecutableType typeInHandler;
    private final ExecutableElement annotated;
    private final List<AnnotationMirror> annotations;

    Callback(
        ExecutableElement called,
        ExecutableType typeInHandler,
        ExecutableElement annotated,
        List<AnnotationMirror> annotations) {
      this.called = called;
      this.typeInHandler = typeInHandler;
      this.annotated = annotated;
      this.annotations = List.copyOf(annotations);
    }

    /** The method the dispatcher calls. */
    public ExecutableElement called() {
      return called;
    }

    /**
     * The method's type as a member of the handler class, type arguments of superclasses applied.
     */
    public ExecutableType typeInHandler() {
      return typeInHandler;
    }

    /** The method that carries the callback annotations. */
    public ExecutableElement annotated() {
      return annotated;
    }

    /** The callback annotations, in source order. */
    public List<AnnotationMirror> annotations() {
      return annotations;
    }
  }
}
