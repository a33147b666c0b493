package dev.wsengine.processor.model;

import dev.wsengine.internal.CodecShape;
import dev.wsengine.internal.HandlerShape;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
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
  private final Codecs codecs;

  ScannedHandler(TypeElement type, HandlerShape shape, List<Callback> methods, Codecs codecs) {
    this.type = type;
    this.shape = shape;
    this.methods = List.copyOf(methods);
    this.codecs = codecs;
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

  /** The {@code @Codecs} annotation in effect, and the elements behind its codec shapes. */
  public Codecs codecs() {
    return codecs;
  }

  /**
   * The {@code @Codecs} annotation in effect for a handler: where it is written, and each class it
   * names with the annotation value that names it, so that a problem with a codec can be reported
   * on that very value.
   */
  public static final class Codecs {
    static final Codecs NONE = new Codecs(null, null, List.of(), false);

    private final TypeElement declaredOn;
    private final AnnotationMirror annotation;
    private final List<Codec> codecs;
    private final boolean unresolved;

    Codecs(
        TypeElement declaredOn,
        AnnotationMirror annotation,
        List<Codec> codecs,
        boolean unresolved) {
      this.declaredOn = declaredOn;
      this.annotation = annotation;
      this.codecs = List.copyOf(codecs);
      this.unresolved = unresolved;
    }

    /** The class that carries the annotation (the handler or a superclass), or null if none. */
    public TypeElement declaredOn() {
      return declaredOn;
    }

    /** The annotation, or null if none. */
    public AnnotationMirror annotation() {
      return annotation;
    }

    /** Every codec class named, decoders first, each in its member's order. */
    public List<Codec> all() {
      return codecs;
    }

    /** Whether a codec class, or a type it binds, is not resolved yet. */
    public boolean hasUnresolvedTypes() {
      return unresolved;
    }

    /** The entry behind {@code shape}: the same role and index. */
    public Optional<Codec> of(CodecShape shape) {
      return codecs.stream()
          .filter(c -> c.shape().role() == shape.role() && c.shape().index() == shape.index())
          .findFirst();
    }
  }

  /** One class named in {@code @Codecs}: its shape, and the annotation value that names it. */
  public static final class Codec {
    private final CodecShape shape;
    private final AnnotationValue value;

    Codec(CodecShape shape, AnnotationValue value) {
      this.shape = shape;
      this.value = value;
    }

    public CodecShape shape() {
      return shape;
    }

    /** The class literal in {@code decoders} or {@code encoders}. */
    public AnnotationValue value() {
      return value;
    }
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
