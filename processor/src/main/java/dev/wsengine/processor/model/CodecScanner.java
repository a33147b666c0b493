package dev.wsengine.processor.model;

import dev.wsengine.Codecs;
import dev.wsengine.internal.CodecShape;
import dev.wsengine.internal.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the {@code @Codecs} annotation in effect for a handler class (its own, else the nearest
 * superclass's: the annotation is {@code @Inherited}) and describes each class it names as a {@link
 * CodecShape}: which codec interfaces of its role it implements and with which type argument, and
 * whether the engine can make one.
 *
 * <p>The jakarta.websocket interfaces are recognized by name: the processor does not depend on
 * Jakarta, and the user's class path need not have it unless a codec uses it.
 */
final class CodecScanner {
  private static final String CODECS = Codecs.class.getCanonicalName();

  private final Elements elements;
  private final Types types;

  CodecScanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The codecs of {@code handler}, whose types {@code typeSystem} then knows. */
  ScannedHandler.Codecs scan(TypeElement handler, JavacTypeSystem typeSystem) {
    for (TypeElement type = handler; type != null; type = superclass(type)) {
      for (AnnotationMirror annotation : type.getAnnotationMirrors()) {
        if (isCodecs(annotation)) {
          return read(type, annotation, typeSystem);
        }
      }
    }
    return ScannedHandler.Codecs.NONE;
  }

  /** Whether {@code annotation} is {@code @dev.wsengine.Codecs}. */
  static boolean isCodecs(AnnotationMirror annotation) {
    TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
    return type.getQualifiedName().contentEquals(CODECS);
  }

  private ScannedHandler.Codecs read(
      TypeElement declaredOn, AnnotationMirror annotation, JavacTypeSystem typeSystem) {
    List<ScannedHandler.Codec> codecs = new ArrayList<>();
    boolean unresolved = false;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> member :
        elements.getElementValuesWithDefaults(annotation).entrySet()) {
      String name = member.getKey().getSimpleName().toString();
      CodecShape.Role role =
          switch (name) {
            case "decoders" -> CodecShape.Role.DECODER;
            case "encoders" -> CodecShape.Role.ENCODER;
            default -> null;
          };
      if (role == null) {
        continue;
      }
      List<AnnotationValue> values = elementsOf(member.getValue());
      for (int index = 0; index < values.size(); index++) {
        AnnotationValue value = values.get(index);
        // javac gives an unresolved class literal as a string ("<error>"), not a type.
        if (!(value.getValue() instanceof TypeMirror type) || type.getKind() == TypeKind.ERROR) {
          unresolved = true;
          continue;
        }
        Bindings bindings = bindings(role, type);
        unresolved |= bindings.unresolved;
        CodecShape shape =
            CodecShape.of(
                role,
                index,
                displayName(type),
                bindings.text == null ? null : typeSystem.ref(bindings.text),
                bindings.binary == null ? null : typeSystem.ref(bindings.binary),
                bindings.jakarta,
                notInstantiable(type));
        codecs.add(new ScannedHandler.Codec(shape, value));
      }
    }
    return new ScannedHandler.Codecs(declaredOn, annotation, codecs, unresolved);
  }

  /** The values of an array member; javac gives a single value as a list too, but be lenient. */
  private static List<AnnotationValue> elementsOf(AnnotationValue member) {
    List<AnnotationValue> values = new ArrayList<>();
    if (member.getValue() instanceof List<?> list) {
      for (Object value : list) {
        values.add((AnnotationValue) value);
      }
    } else {
      values.add(member);
    }
    return values;
  }

  /** What a codec class binds the type arguments of its role's interfaces to. */
  private static final class Bindings {
    TypeMirror text;
    TypeMirror binary;
    boolean jakarta;
    boolean unresolved;
  }

  /**
   * Walks the supertypes of the class as declared (with its own type variables, so that a generic
   * codec shows its {@code T} unbound), with type arguments substituted on the way: {@code class
   * TickDecoder extends JsonDecoder<Tick>} binds {@code Decoder.Text}'s {@code T} to {@code Tick}.
   * The dev.wsengine interfaces win over the jakarta ones if a class implements both.
   */
  private Bindings bindings(CodecShape.Role role, TypeMirror codec) {
    Bindings own = new Bindings();
    Bindings jakarta = new Bindings();
    jakarta.jakarta = true;
    if (codec.getKind() != TypeKind.DECLARED) {
      return own; // a primitive or an array: no codec
    }
    String iface = role.interfaceName();
    Deque<TypeMirror> toVisit = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    toVisit.add(((DeclaredType) codec).asElement().asType());
    while (!toVisit.isEmpty()) {
      TypeMirror type = toVisit.poll();
      if (type.getKind() == TypeKind.ERROR) {
        own.unresolved = true;
        continue;
      }
      if (type.getKind() != TypeKind.DECLARED) {
        continue;
      }
      DeclaredType declared = (DeclaredType) type;
      String name = ((TypeElement) declared.asElement()).getQualifiedName().toString();
      if (!seen.add(name)) {
        continue;
      }
      for (Bindings target : List.of(own, jakarta)) {
        String prefix = (target.jakarta ? "jakarta.websocket." : "dev.wsengine.") + iface;
        if (name.equals(prefix + ".Text")) {
          target.text = typeArgument(declared);
          own.unresolved |= target.text.getKind() == TypeKind.ERROR;
        } else if (name.equals(prefix + ".Binary")) {
          target.binary = typeArgument(declared);
          own.unresolved |= target.binary.getKind() == TypeKind.ERROR;
        }
      }
      toVisit.addAll(types.directSupertypes(type));
    }
    if (own.text == null
        && own.binary == null
        && (jakarta.text != null || jakarta.binary != null)) {
      jakarta.unresolved = own.unresolved;
      return jakarta;
    }
    return own;
  }

  /**
   * The {@code T} of {@code Text<T>}; for a raw {@code Text}, its erasure {@code Object}, what the
   * raw {@code decode} returns.
   */
  private TypeMirror typeArgument(DeclaredType codecInterface) {
    List<? extends TypeMirror> arguments = codecInterface.getTypeArguments();
    return arguments.isEmpty()
        ? elements.getTypeElement("java.lang.Object").asType()
        : arguments.get(0);
  }

  /** Why {@code new} cannot make one, in words that follow the class name; null if it can. */
  private static String notInstantiable(TypeMirror codec) {
    if (codec.getKind() != TypeKind.DECLARED) {
      return "is not a class";
    }
    TypeElement type = (TypeElement) ((DeclaredType) codec).asElement();
    Set<Modifier> modifiers = type.getModifiers();
    if (type.getKind().isInterface()) {
      return "is an interface";
    }
    if (type.getKind() == ElementKind.ENUM) {
      return "is an enum";
    }
    if (modifiers.contains(Modifier.ABSTRACT)) {
      return "is abstract";
    }
    if (!modifiers.contains(Modifier.PUBLIC)) {
      return "is not public";
    }
    switch (type.getNestingKind()) {
      case MEMBER -> {
        if (!modifiers.contains(Modifier.STATIC)
            && !type.getEnclosingElement().getKind().isInterface()
            && type.getKind() == ElementKind.CLASS) {
          return "is an inner class";
        }
      }
      case LOCAL, ANONYMOUS -> {
        return "is a local class";
      }
      case TOP_LEVEL -> {}
    }
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && constructor.getModifiers().contains(Modifier.PUBLIC)) {
        return null;
      }
    }
    return "has no public no-argument constructor";
  }

  private static String displayName(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return HandlerScanner.displayName((TypeElement) ((DeclaredType) type).asElement());
    }
    return TypeRef.of(TypeNames.name(type)).displayName();
  }

  private TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return (TypeElement) types.asElement(superclass);
  }
}
