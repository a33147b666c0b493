package dev.wsengine.processor.model;

import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.CodecShape;
import dev.wsengine.internal.HandlerShape;
import dev.wsengine.internal.MethodShape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns a class into the {@link HandlerShape} the shared rules check.
 *
 * <p>Inheritance: the callbacks of a class are its own annotated methods and those of its
 * superclasses (interfaces do not count). An overriding method without callback annotations keeps
 * those of the method it overrides, and the dispatcher calls the override; an overriding method
 * with callback annotations of its own replaces them (the rule JAX-RS uses). The codecs are those
 * of the {@code @Codecs} of the class, else of its nearest superclass that has one.
 *
 * <p>Every type in the shape is registered with the shape's {@link JavacTypeSystem}, which answers
 * the rules' questions about subtyping and sealing.
 */
public final class HandlerScanner {
  private final Elements elements;
  private final Types types;
  private final CodecScanner codecScanner;

  public HandlerScanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.codecScanner = new CodecScanner(elements, types);
  }

  /**
   * Whether any parameter or return type of the class's callbacks, or any class of its {@code
   * Codecs} or type such a class binds, is not resolved yet.
   */
  public boolean hasUnresolvedTypes(ScannedHandler handler) {
    if (handler.codecs().hasUnresolvedTypes()) {
      return true;
    }
    return handler.methods().stream()
        .map(ScannedHandler.Callback::typeInHandler)
        .anyMatch(
            t ->
                t.getReturnType().getKind() == TypeKind.ERROR
                    || t.getParameterTypes().stream().anyMatch(p -> p.getKind() == TypeKind.ERROR));
  }

  /** Whether {@code annotation} is {@code @dev.wsengine.Codecs}. */
  public static boolean isCodecs(AnnotationMirror annotation) {
    return CodecScanner.isCodecs(annotation);
  }

  public ScannedHandler scan(TypeElement type) {
    JavacTypeSystem typeSystem = new JavacTypeSystem(types);
    List<Family> families = new ArrayList<>();
    for (TypeElement current = type; current != null; current = superclass(current)) {
      for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
        List<AnnotationMirror> annotations = callbackAnnotations(method);
        Family overriding = null;
        for (Family family : families) {
          if (family.called != method && elements.overrides(family.called, method, type)) {
            overriding = family;
            break;
          }
        }
        if (overriding == null) {
          families.add(new Family(method, annotations));
        } else if (overriding.annotations.isEmpty() && !annotations.isEmpty()) {
          overriding.annotated = method;
          overriding.annotations = annotations;
        }
      }
    }

    List<ScannedHandler.Callback> callbacks = new ArrayList<>();
    List<MethodShape> methods = new ArrayList<>();
    for (Family family : families) {
      if (family.annotations.isEmpty()) {
        continue;
      }
      ExecutableType typeInHandler = memberType(type, family.called);
      callbacks.add(
          new ScannedHandler.Callback(
              family.called, typeInHandler, family.annotated, family.annotations));
      methods.add(methodShape(type, family, typeInHandler, typeSystem));
    }
    ScannedHandler.Codecs codecs = codecScanner.scan(type, typeSystem);
    HandlerShape shape =
        HandlerShape.of(
            displayName(type),
            kind(type),
            nesting(type),
            type.getModifiers().contains(Modifier.PRIVATE),
            privateEnclosingClass(type),
            methods);
    shape =
        shape.withCodecs(
            codecs.declaredOn() == null ? null : displayName(codecs.declaredOn()),
            shapes(codecs, CodecShape.Role.DECODER),
            shapes(codecs, CodecShape.Role.ENCODER),
            typeSystem);
    return new ScannedHandler(type, shape, callbacks, codecs);
  }

  private static List<CodecShape> shapes(ScannedHandler.Codecs codecs, CodecShape.Role role) {
    return codecs.all().stream()
        .map(ScannedHandler.Codec::shape)
        .filter(c -> c.role() == role)
        .collect(Collectors.toList());
  }

  private MethodShape methodShape(
      TypeElement handler,
      Family family,
      ExecutableType typeInHandler,
      JavacTypeSystem typeSystem) {
    ExecutableElement called = family.called;
    TypeElement declaring = (TypeElement) called.getEnclosingElement();
    return MethodShape.builder()
        .name(called.getSimpleName().toString())
        .declaringClass(displayName(declaring))
        .declaredInOtherPackage(
            !elements.getPackageOf(declaring).equals(elements.getPackageOf(handler)))
        .annotations(
            family.annotations.stream().map(HandlerScanner::kindOf).collect(Collectors.toList()))
        .access(access(called))
        .isStatic(called.getModifiers().contains(Modifier.STATIC))
        .isAbstract(called.getModifiers().contains(Modifier.ABSTRACT))
        .typeParameters(
            called.getTypeParameters().stream()
                .map(p -> p.getSimpleName().toString())
                .collect(Collectors.toList()))
        .parameters(
            typeInHandler.getParameterTypes().stream()
                .map(typeSystem::ref)
                .collect(Collectors.toList()))
        .returnType(typeSystem.ref(typeInHandler.getReturnType()))
        .build();
  }

  private ExecutableType memberType(TypeElement handler, ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)) {
      return (ExecutableType) method.asType();
    }
    try {
      return (ExecutableType) types.asMemberOf((DeclaredType) handler.asType(), method);
    } catch (IllegalArgumentException e) {
      return (ExecutableType) method.asType();
    }
  }

  private TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) types.asElement(superclass);
    return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
  }

  private static List<AnnotationMirror> callbackAnnotations(ExecutableElement method) {
    return method.getAnnotationMirrors().stream()
        .filter(a -> kindOf(a) != null)
        .collect(Collectors.toList());
  }

  public static CallbackKind kindOf(AnnotationMirror annotation) {
    TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
    return CallbackKind.forAnnotationName(type.getQualifiedName().toString());
  }

  private static MethodShape.Access access(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.PUBLIC)) {
      return MethodShape.Access.PUBLIC;
    }
    if (method.getModifiers().contains(Modifier.PROTECTED)) {
      return MethodShape.Access.PROTECTED;
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return MethodShape.Access.PRIVATE;
    }
    return MethodShape.Access.PACKAGE;
  }

  private static HandlerShape.Kind kind(TypeElement type) {
    return switch (type.getKind()) {
      case INTERFACE -> HandlerShape.Kind.INTERFACE;
      case ANNOTATION_TYPE -> HandlerShape.Kind.ANNOTATION;
      case ENUM -> HandlerShape.Kind.ENUM;
      case RECORD -> HandlerShape.Kind.RECORD;
      default -> HandlerShape.Kind.CLASS;
    };
  }

  private static HandlerShape.Nesting nesting(TypeElement type) {
    return switch (type.getNestingKind()) {
      case TOP_LEVEL -> HandlerShape.Nesting.TOP_LEVEL;
      case LOCAL -> HandlerShape.Nesting.LOCAL;
      case ANONYMOUS -> HandlerShape.Nesting.ANONYMOUS;
      case MEMBER -> {
        // Member enums, records and interfaces, and classes in interfaces, are implicitly static.
        boolean implicitlyStatic =
            type.getKind() != ElementKind.CLASS
                || type.getEnclosingElement().getKind().isInterface();
        yield implicitlyStatic || type.getModifiers().contains(Modifier.STATIC)
            ? HandlerShape.Nesting.STATIC_MEMBER
            : HandlerShape.Nesting.INNER_MEMBER;
      }
    };
  }

  private static String privateEnclosingClass(TypeElement type) {
    for (Element e = type.getEnclosingElement();
        e != null && e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      if (e instanceof TypeElement && e.getModifiers().contains(Modifier.PRIVATE)) {
        return displayName((TypeElement) e);
      }
    }
    return null;
  }

  /** {@code Outer.Inner} for a member class; the simple name for a local class. */
  public static String displayName(TypeElement type) {
    if (type.getNestingKind() == NestingKind.MEMBER) {
      return displayName((TypeElement) type.getEnclosingElement()) + "." + type.getSimpleName();
    }
    return type.getSimpleName().toString();
  }

  /** A method and the overrides of it seen so far, most-derived first. */
  private static final class Family {
    final ExecutableElement called;
    ExecutableElement annotated;
    List<AnnotationMirror> annotations;

    Family(ExecutableElement called, List<AnnotationMirror> annotations) {
      this.called = called;
      this.annotated = called;
      this.annotations = annotations;
    }
  }
}
