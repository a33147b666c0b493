package dev.wsengine.processor.model;

import dev.wsengine.internal.TypeRef;
import dev.wsengine.internal.TypeSystem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The {@link TypeSystem} of one handler class, answered by javac's {@link Types}. The scanner
 * registers every type it puts in the handler's shape ({@link #ref}), so that the rules' questions,
 * asked by {@link TypeRef}, can be answered about the type javac knows.
 *
 * <p>A {@link TypeRef} is its canonical name, so two types with the same name are one here: the
 * first registered stands for both. Types with the same name are the same type, except for type
 * variables of different declarations, and the rules only ask whether those are type variables.
 */
final class JavacTypeSystem implements TypeSystem {
  private final Types types;
  private final Map<TypeRef, TypeMirror> mirrors = new HashMap<>();

  JavacTypeSystem(Types types) {
    this.types = types;
  }

  /** The reference for {@code type}, which this type system then answers for. */
  TypeRef ref(TypeMirror type) {
    TypeRef ref = TypeNames.ref(type);
    mirrors.putIfAbsent(ref, type);
    return ref;
  }

  @Override
  public boolean isClassType(TypeRef type) {
    TypeMirror mirror = mirror(type);
    return mirror.getKind() == TypeKind.DECLARED
        && ((DeclaredType) mirror).getTypeArguments().isEmpty();
  }

  @Override
  public boolean isTypeVariable(TypeRef type) {
    return mirror(type).getKind() == TypeKind.TYPEVAR;
  }

  @Override
  public boolean isSubtype(TypeRef sub, TypeRef sup) {
    return types.isSubtype(types.erasure(mirror(sub)), types.erasure(mirror(sup)));
  }

  @Override
  public Shape shape(TypeRef type) {
    TypeElement element = element(type);
    if (element == null) {
      return Shape.FINAL; // arrays and primitives: no subtypes a method could take
    }
    // An enum whose constants have bodies is sealed, but its subclasses are anonymous: no method
    // can take one but as the enum, so it counts as final.
    if (element.getModifiers().contains(Modifier.FINAL)
        || element.getKind() == ElementKind.RECORD
        || element.getKind() == ElementKind.ENUM) {
      return Shape.FINAL;
    }
    boolean isAbstract =
        element.getKind().isInterface() || element.getModifiers().contains(Modifier.ABSTRACT);
    if (element.getModifiers().contains(Modifier.SEALED)) {
      return isAbstract ? Shape.SEALED_ABSTRACT : Shape.SEALED_CONCRETE;
    }
    return isAbstract ? Shape.OPEN_ABSTRACT : Shape.OPEN;
  }

  @Override
  public boolean isPrivate(TypeRef type) {
    for (javax.lang.model.element.Element e = element(type);
        e instanceof TypeElement;
        e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  /** The permitted subclasses, erased: the raw types a method would take. */
  @Override
  public List<TypeRef> permittedSubtypes(TypeRef type) {
    TypeElement element = element(type);
    List<TypeRef> permitted = new ArrayList<>();
    if (element != null) {
      for (TypeMirror subtype : element.getPermittedSubclasses()) {
        permitted.add(ref(types.erasure(subtype)));
      }
    }
    return permitted;
  }

  private TypeElement element(TypeRef type) {
    TypeMirror mirror = mirror(type);
    return mirror.getKind() == TypeKind.DECLARED
        ? (TypeElement) ((DeclaredType) mirror).asElement()
        : null;
  }

  private TypeMirror mirror(TypeRef type) {
    TypeMirror mirror = mirrors.get(type);
    if (mirror == null) {
      // The rules only ask about the types of the shape; anything else is a bug of the scanner.
      throw new IllegalArgumentException("not a type of this handler: " + type);
    }
    return mirror;
  }
}
