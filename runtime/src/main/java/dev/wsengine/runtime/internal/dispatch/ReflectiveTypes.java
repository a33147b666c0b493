package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.internal.TypeRef;
import dev.wsengine.internal.TypeSystem;
import dev.wsengine.runtime.internal.codec.GenericTypes;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@link TypeSystem} of a scanned class, over reflection: the twin of the processor's, over
 * javac. Knows the types the scanner registered, by the names it gave them.
 */
final class ReflectiveTypes implements TypeSystem {
  /** What a name stands for: the erasure, and whether the name is of a plain class type. */
  private record Known(Class<?> erasure, boolean classType, boolean variable) {}

  private final Map<String, Known> known = new HashMap<>();

  /**
   * Registers a method's parameter or return type, named {@code ref} by {@link MemberTypes}: a
   * class type if the name is its erasure's own (no type arguments left, or a type variable the
   * handler binds to a class).
   */
  TypeRef register(TypeRef ref, Class<?> erasure) {
    boolean classType =
        !erasure.isPrimitive()
            && !erasure.isArray()
            && ref.canonicalName().equals(MemberTypes.className(erasure));
    known.putIfAbsent(ref.canonicalName(), new Known(erasure, classType, false));
    return ref;
  }

  /** Registers and names a codec's type argument, or a permitted subtype. */
  TypeRef register(Type type) {
    TypeRef ref = TypeRef.of(name(type));
    known.putIfAbsent(
        ref.canonicalName(),
        new Known(
            GenericTypes.erasure(type),
            type instanceof Class<?> c && !c.isPrimitive() && !c.isArray(),
            type instanceof TypeVariable<?>));
    return ref;
  }

  static String name(Type type) {
    if (type instanceof Class<?> c) {
      return MemberTypes.className(c);
    }
    if (type instanceof ParameterizedType p) {
      String raw = MemberTypes.className((Class<?>) p.getRawType());
      List<String> arguments = new ArrayList<>();
      for (Type argument : p.getActualTypeArguments()) {
        arguments.add(name(argument));
      }
      return arguments.stream().collect(Collectors.joining(", ", raw + "<", ">"));
    }
    if (type instanceof TypeVariable<?> v) {
      return v.getName();
    }
    if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + name(w.getLowerBounds()[0]);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + name(upper[0]);
    }
    return type.getTypeName();
  }

  /** The class a registered type stands for: its erasure. */
  Class<?> erasure(TypeRef type) {
    Known k = known.get(type.canonicalName());
    if (k == null) {
      throw new IllegalArgumentException("unregistered type " + type);
    }
    return k.erasure();
  }

  @Override
  public boolean isClassType(TypeRef type) {
    Known k = known.get(type.canonicalName());
    return k != null && k.classType();
  }

  @Override
  public boolean isTypeVariable(TypeRef type) {
    Known k = known.get(type.canonicalName());
    return k != null && k.variable();
  }

  @Override
  public boolean isSubtype(TypeRef sub, TypeRef sup) {
    return erasure(sup).isAssignableFrom(erasure(sub));
  }

  @Override
  public Shape shape(TypeRef type) {
    Class<?> c = erasure(type);
    int modifiers = c.getModifiers();
    boolean isAbstract = c.isInterface() || Modifier.isAbstract(modifiers);
    // An enum with constant bodies is sealed in the class file, but no one else may extend it.
    if (Modifier.isFinal(modifiers) || c.isEnum() || c.isRecord()) {
      return Shape.FINAL;
    }
    if (c.isSealed()) {
      return isAbstract ? Shape.SEALED_ABSTRACT : Shape.SEALED_CONCRETE;
    }
    return isAbstract ? Shape.OPEN_ABSTRACT : Shape.OPEN;
  }

  @Override
  public boolean isPrivate(TypeRef type) {
    for (Class<?> c = erasure(type); c != null; c = c.getEnclosingClass()) {
      if (Modifier.isPrivate(c.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<TypeRef> permittedSubtypes(TypeRef type) {
    Class<?>[] permitted = erasure(type).getPermittedSubclasses();
    List<TypeRef> refs = new ArrayList<>();
    if (permitted != null) {
      for (Class<?> p : permitted) {
        refs.add(register(p));
      }
    }
    return refs;
  }
}
