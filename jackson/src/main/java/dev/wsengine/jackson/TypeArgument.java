package dev.wsengine.jackson;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks that a subclass binds a type parameter of a generic superclass to a type with no free type
 * variable.
 *
 * <p>Jackson's {@code TypeFactory} resolves the argument itself, but it quietly replaces a free
 * variable by its bound ({@code Object}): a raw {@code new Generic()} of {@code class Generic<T>
 * extends JsonDecoder<T>} would then decode every message into maps. This walk finds that case, so
 * that the constructor can refuse it.
 */
final class TypeArgument {
  private TypeArgument() {}

  /**
   * What {@code concrete} binds the type parameter {@code parameter} of its superclass {@code
   * generic} to, or null if that type mentions a type variable nothing binds (the class, or one of
   * the classes between it and {@code generic}, leaves it open, or extends {@code generic} raw).
   */
  static Type bound(Class<?> concrete, Class<?> generic, TypeVariable<?> parameter) {
    // Each generic superclass binds its parameters to types written with the parameters of the
    // class below it; the lowest class's own parameters are never bound (its instance is raw).
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    Class<?> c = concrete;
    while (c != generic) {
      Type superclass = c.getGenericSuperclass();
      if (superclass instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        TypeVariable<?>[] parameters = raw.getTypeParameters();
        Type[] arguments = p.getActualTypeArguments();
        for (int i = 0; i < parameters.length; i++) {
          bindings.put(parameters[i], arguments[i]);
        }
        c = raw;
      } else if (superclass instanceof Class<?> raw) {
        c = raw;
      } else {
        throw new IllegalArgumentException(concrete.getName() + " is not a " + generic.getName());
      }
    }
    Type bound = bindings.get(parameter);
    return bound != null && isClosed(bound, bindings) ? bound : null;
  }

  private static boolean isClosed(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      Type bound = bindings.get(variable);
      return bound != null && bound != variable && isClosed(bound, bindings);
    }
    if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        if (!isClosed(argument, bindings)) {
          return false;
        }
      }
      return p.getOwnerType() == null || isClosed(p.getOwnerType(), bindings);
    }
    if (type instanceof GenericArrayType array) {
      return isClosed(array.getGenericComponentType(), bindings);
    }
    if (type instanceof WildcardType wildcard) {
      for (Type upper : wildcard.getUpperBounds()) {
        if (!isClosed(upper, bindings)) {
          return false;
        }
      }
      for (Type lower : wildcard.getLowerBounds()) {
        if (!isClosed(lower, bindings)) {
          return false;
        }
      }
      return true;
    }
    return true; // a Class
  }
}
