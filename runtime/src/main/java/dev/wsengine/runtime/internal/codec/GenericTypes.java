package dev.wsengine.runtime.internal.codec;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the type argument a class binds on a generic interface it implements, through any chain of
 * superclasses and superinterfaces: {@code T} of {@code Decoder.Text<T>} for {@code class Events
 * extends JsonDecoder<Event>}. The reflective twin of what javac's {@code directSupertypes} gives
 * the processor.
 */
public final class GenericTypes {
  private GenericTypes() {}

  /**
   * The type {@code type} binds as the type argument of {@code target} (a generic interface with
   * one type parameter): a {@code Class}, a {@code ParameterizedType}, or a {@code TypeVariable}
   * when the class leaves it unbound; null if {@code type} does not implement {@code target}.
   */
  public static Type argumentOf(Class<?> type, Class<?> target) {
    return find(type, target, Map.of());
  }

  /** {@code target}'s argument in {@code type} by name: for interfaces not loaded by us. */
  public static Type argumentOf(Class<?> type, String targetName) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Class<?> found = findByName(c, targetName);
      if (found != null) {
        return argumentOf(type, found);
      }
    }
    return null;
  }

  private static Class<?> findByName(Class<?> type, String name) {
    if (type.getName().equals(name)) {
      return type;
    }
    for (Class<?> i : type.getInterfaces()) {
      Class<?> found = findByName(i, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Type find(Class<?> type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
    if (type == null || !target.isAssignableFrom(type)) {
      return null;
    }
    Type superclass = type.getGenericSuperclass();
    Type[] interfaces = type.getGenericInterfaces();
    for (Type supertype : interfaces) {
      Type found = through(supertype, target, bindings);
      if (found != null) {
        return found;
      }
    }
    return superclass == null ? null : through(superclass, target, bindings);
  }

  private static Type through(
      Type supertype, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
    if (supertype instanceof Class<?> c) {
      if (c.getTypeParameters().length > 0) {
        // A generic class used raw: everything above it is erased, the answer too.
        return target.isAssignableFrom(c) ? Object.class : null;
      }
      return find(c, target, Map.of());
    }
    if (!(supertype instanceof ParameterizedType parameterized)) {
      return null;
    }
    Class<?> raw = (Class<?>) parameterized.getRawType();
    Type[] arguments = parameterized.getActualTypeArguments();
    if (raw == target) {
      return substitute(arguments[0], bindings);
    }
    if (!target.isAssignableFrom(raw)) {
      return null;
    }
    Map<TypeVariable<?>, Type> next = new HashMap<>();
    TypeVariable<?>[] variables = raw.getTypeParameters();
    for (int i = 0; i < variables.length; i++) {
      next.put(variables[i], substitute(arguments[i], bindings));
    }
    return find(raw, target, next);
  }

  /** {@code type} with the bindings applied, also inside type arguments: {@code List<Y>}. */
  private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      return bindings.getOrDefault(variable, variable);
    }
    if (type instanceof ParameterizedType parameterized && !bindings.isEmpty()) {
      Type[] arguments = parameterized.getActualTypeArguments().clone();
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = substitute(arguments[i], bindings);
      }
      return new Parameterized(
          (Class<?>) parameterized.getRawType(), arguments, parameterized.getOwnerType());
    }
    return type;
  }

  /** A parameterized type made by substitution. */
  private static final class Parameterized implements ParameterizedType {
    private final Class<?> raw;
    private final Type[] arguments;
    private final Type owner;

    Parameterized(Class<?> raw, Type[] arguments, Type owner) {
      this.raw = raw;
      this.arguments = arguments;
      this.owner = owner;
    }

    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public String getTypeName() {
      StringBuilder name = new StringBuilder(raw.getTypeName()).append('<');
      for (int i = 0; i < arguments.length; i++) {
        name.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
      }
      return name.append('>').toString();
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }

  /** The class of a type: its erasure. */
  public static Class<?> erasure(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof GenericArrayType a) {
      return java.lang.reflect.Array.newInstance(erasure(a.getGenericComponentType()), 0)
          .getClass();
    }
    if (type instanceof TypeVariable<?> v) {
      Type[] bounds = v.getBounds();
      return bounds.length == 0 ? Object.class : erasure(bounds[0]);
    }
    return Object.class;
  }
}
