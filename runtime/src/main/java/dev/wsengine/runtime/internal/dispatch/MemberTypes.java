package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.internal.TypeRef;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The types of a handler's methods as members of the handler class, named as the processor names
 * them: {@code Types.asMemberOf} there, the superclass chain's type arguments here. A method of
 * {@code Base<T>} taking {@code T} takes {@code String} in {@code Sub extends Base<String>}; a
 * method of a raw supertype ({@code Sub extends Base}) has erased types, as JLS 4.8 says.
 *
 * <p>Names follow {@link Class#getCanonicalName()} with type arguments, as the processor's {@code
 * TypeNames} writes them: {@code java.util.List<java.lang.String>}, {@code byte[]}, {@code ?
 * extends java.lang.Number}, a type variable by its name.
 */
final class MemberTypes {
  /**
   * The type argument of each superclass's type variable, as the class below it writes it: in terms
   * of that class's own type variables, which have bindings of their own further down.
   */
  private final Map<TypeVariable<?>, Type> bindings = new HashMap<>();

  /** Superclasses the chain names raw: their members have erased types. */
  private final Set<Class<?>> raw = new HashSet<>();

  MemberTypes(Class<?> handler) {
    boolean erased = false;
    for (Class<?> c = handler; c.getSuperclass() != null; c = c.getSuperclass()) {
      Class<?> superclass = c.getSuperclass();
      if (!erased && c.getGenericSuperclass() instanceof ParameterizedType parameterized) {
        TypeVariable<?>[] variables = superclass.getTypeParameters();
        Type[] arguments = parameterized.getActualTypeArguments();
        for (int i = 0; i < variables.length; i++) {
          bindings.put(variables[i], arguments[i]);
        }
      } else if (superclass.getTypeParameters().length > 0) {
        // The supertype of a raw type is raw too (its erasure), all the way up.
        erased = true;
      }
      if (erased) {
        raw.add(superclass);
      }
    }
  }

  /** The method's parameter types as a member of the handler. */
  List<TypeRef> parameters(Method method) {
    List<TypeRef> parameters = new ArrayList<>();
    if (isErased(method)) {
      for (Class<?> type : method.getParameterTypes()) {
        parameters.add(TypeRef.of(className(type)));
      }
    } else {
      for (Type type : method.getGenericParameterTypes()) {
        parameters.add(TypeRef.of(name(substitutes(method), type, Map.of())));
      }
    }
    return parameters;
  }

  /** The method's return type as a member of the handler. */
  TypeRef returnType(Method method) {
    return TypeRef.of(
        isErased(method)
            ? className(method.getReturnType())
            : name(substitutes(method), method.getGenericReturnType(), Map.of()));
  }

  /**
   * Whether {@code rider}'s signature is a subsignature of {@code ridee}'s as members of the
   * handler (JLS 8.4.2): the same parameter types, the method's own type variables matched by
   * position, or the same as their erasures.
   */
  boolean isSubSignature(Method rider, Method ridee) {
    if (rider.getParameterCount() != ridee.getParameterCount()) {
      return false;
    }
    List<String> riderTypes = signatureNames(rider);
    if (riderTypes.equals(signatureNames(ridee))) {
      return true;
    }
    List<String> rideeErasures = new ArrayList<>();
    for (Type type : parameterTypes(ridee)) {
      rideeErasures.add(erasure(substitutes(ridee), type));
    }
    return riderTypes.equals(rideeErasures);
  }

  private List<String> signatureNames(Method method) {
    Map<TypeVariable<?>, String> positional = new HashMap<>();
    TypeVariable<Method>[] own = method.getTypeParameters();
    for (int i = 0; i < own.length; i++) {
      positional.put(own[i], "#" + i);
    }
    List<String> names = new ArrayList<>();
    for (Type type : parameterTypes(method)) {
      names.add(name(substitutes(method), type, positional));
    }
    return names;
  }

  private List<Type> parameterTypes(Method method) {
    return Arrays.asList(
        isErased(method) ? method.getParameterTypes() : method.getGenericParameterTypes());
  }

  private boolean isErased(Method method) {
    return raw.contains(method.getDeclaringClass()) && substitutes(method);
  }

  /**
   * Whether the method's type as a member of the handler differs from its declared type: javac's
   * {@code asMemberOf}, which the processor uses, is skipped for static and private methods.
   */
  private static boolean substitutes(Method method) {
    return !Modifier.isStatic(method.getModifiers()) && !Modifier.isPrivate(method.getModifiers());
  }

  private String name(boolean substitute, Type type, Map<TypeVariable<?>, String> positional) {
    if (type instanceof Class<?> c) {
      return className(c);
    }
    if (type instanceof ParameterizedType parameterized) {
      // Only the type's own arguments, not its owner's: Outer<A>.Inner<B> is Outer.Inner<B>.
      return Arrays.stream(parameterized.getActualTypeArguments())
          .map(argument -> name(substitute, argument, positional))
          .collect(
              Collectors.joining(
                  ", ", className((Class<?>) parameterized.getRawType()) + "<", ">"));
    }
    if (type instanceof GenericArrayType array) {
      return name(substitute, array.getGenericComponentType(), positional) + "[]";
    }
    if (type instanceof WildcardType wildcard) {
      if (wildcard.getLowerBounds().length > 0) {
        return "? super " + name(substitute, wildcard.getLowerBounds()[0], positional);
      }
      Type upper = wildcard.getUpperBounds()[0];
      // Reflection cannot tell "?" from "? extends Object"; javac writes what the source says.
      return upper == Object.class ? "?" : "? extends " + name(substitute, upper, positional);
    }
    if (type instanceof TypeVariable<?> variable) {
      Type bound = substitute ? bindings.get(variable) : null;
      if (bound != null) {
        return name(true, bound, positional);
      }
      String position = positional.get(variable);
      return position != null ? position : variable.getName();
    }
    return type.getTypeName();
  }

  /**
   * The class the method's parameter is as a member of the handler, when that is a class (a type
   * variable the handler binds to one counts); null for a parameterized type, an unbound variable
   * or a generic array.
   */
  Class<?> parameterClass(Method method, int index) {
    return resolvedClass(parameterTypes(method).get(index), substitutes(method));
  }

  /** {@link #parameterClass} for the return type. */
  Class<?> returnClass(Method method) {
    return resolvedClass(
        isErased(method) ? method.getReturnType() : method.getGenericReturnType(),
        substitutes(method));
  }

  private Class<?> resolvedClass(Type type, boolean substitute) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof TypeVariable<?> variable) {
      Type bound = substitute ? bindings.get(variable) : null;
      return bound != null ? resolvedClass(bound, true) : null;
    }
    return null;
  }

  static String className(Class<?> type) {
    if (type.isArray()) {
      return className(type.getComponentType()) + "[]";
    }
    String canonical = type.getCanonicalName();
    // Local and anonymous classes have no canonical name; javac would give an empty one.
    return canonical != null ? canonical : type.getSimpleName();
  }

  private String erasure(boolean substitute, Type type) {
    if (type instanceof Class<?> c) {
      return className(c);
    }
    if (type instanceof ParameterizedType parameterized) {
      return erasure(substitute, parameterized.getRawType());
    }
    if (type instanceof GenericArrayType array) {
      return erasure(substitute, array.getGenericComponentType()) + "[]";
    }
    if (type instanceof WildcardType wildcard) {
      return erasure(substitute, wildcard.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> variable) {
      Type bound = substitute ? bindings.get(variable) : null;
      return bound != null ? erasure(true, bound) : erasure(false, variable.getBounds()[0]);
    }
    return type.getTypeName();
  }
}
