package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.Codecs;
import dev.wsengine.Decoder;
import dev.wsengine.Encoder;
import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.CodecShape;
import dev.wsengine.internal.HandlerShape;
import dev.wsengine.internal.MethodShape;
import dev.wsengine.runtime.internal.codec.GenericTypes;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a loaded class into the {@link HandlerShape} the shared rules check: the runtime's twin of
 * the processor's {@code HandlerScanner}, so that both front ends feed the rules the same facts.
 *
 * <p>Inheritance, as there: the callbacks of a class are its own annotated methods and those of its
 * superclasses (interfaces do not count). An overriding method without callback annotations keeps
 * those of the method it overrides, and it is the override that is called; an overriding method
 * with callback annotations of its own replaces them. What overrides what follows javac's {@code
 * Elements.overrides}: same name, a subsignature as members of the handler class, the overridden
 * method inherited into the handler class and overridable where the override is.
 *
 * <p>Where reflection and javac differ, this follows javac: bridges and other synthetic methods are
 * skipped (javac never shows them), methods are taken in source order ({@link DeclarationOrder}),
 * and types are named as the processor names them ({@link MemberTypes}).
 */
final class ReflectiveHandlerScanner {
  private ReflectiveHandlerScanner() {}

  /** A scanned class: the shape for the rules, and the method behind each of its methods. */
  record Scanned(Class<?> type, HandlerShape shape, List<Method> methods) {
    Scanned {
      methods = List.copyOf(methods);
    }
  }

  static Scanned scan(Class<?> type) {
    MemberTypes types = new MemberTypes(type);
    List<Family> families = new ArrayList<>();
    for (Class<?> current = type; current != null; current = superclass(current)) {
      for (Method method : DeclarationOrder.declaredMethods(current)) {
        if (!HandlerClasses.isSourceMethod(method)) {
          continue;
        }
        List<CallbackKind> annotations = HandlerClasses.callbackKinds(method);
        Family overriding = null;
        for (Family family : families) {
          if (overrides(family.called, method, type, types)) {
            overriding = family;
            break;
          }
        }
        if (overriding == null) {
          families.add(new Family(method, annotations));
        } else if (overriding.annotations.isEmpty() && !annotations.isEmpty()) {
          overriding.annotations = annotations;
        }
      }
    }

    List<Method> called = new ArrayList<>();
    List<MethodShape> methods = new ArrayList<>();
    for (Family family : families) {
      if (!family.annotations.isEmpty()) {
        called.add(family.called);
        methods.add(methodShape(type, family, types));
      }
    }
    HandlerShape shape =
        HandlerShape.of(
            HandlerClasses.displayName(type),
            kind(type),
            nesting(type),
            Modifier.isPrivate(type.getModifiers()),
            privateEnclosingClass(type),
            methods);
    return new Scanned(type, withCodecs(type, shape, called), called);
  }

  // --- Codecs and types ---

  /** {@code shape} with its {@code @Codecs} classes, and the types to check them against. */
  private static HandlerShape withCodecs(Class<?> type, HandlerShape shape, List<Method> called) {
    ReflectiveTypes types = new ReflectiveTypes();
    MemberTypes members = new MemberTypes(type);
    for (int i = 0; i < called.size(); i++) {
      Method method = called.get(i);
      MethodShape methodShape = shape.methods().get(i);
      for (int p = 0; p < method.getParameterCount(); p++) {
        Class<?> resolved = members.parameterClass(method, p);
        types.register(
            methodShape.parameters().get(p),
            resolved != null ? resolved : method.getParameterTypes()[p]);
      }
      Class<?> returned = members.returnClass(method);
      types.register(
          methodShape.returnType(), returned != null ? returned : method.getReturnType());
    }
    String declaredOn = null;
    Codecs codecs = null;
    for (Class<?> c = type; c != null && codecs == null; c = c.getSuperclass()) {
      codecs = c.getDeclaredAnnotation(Codecs.class);
      if (codecs != null) {
        declaredOn = HandlerClasses.displayName(c);
      }
    }
    List<CodecShape> decoders = new ArrayList<>();
    List<CodecShape> encoders = new ArrayList<>();
    if (codecs != null) {
      for (Class<?> codec : codecs.decoders()) {
        decoders.add(codecShape(CodecShape.Role.DECODER, decoders.size(), codec, types));
      }
      for (Class<?> codec : codecs.encoders()) {
        encoders.add(codecShape(CodecShape.Role.ENCODER, encoders.size(), codec, types));
      }
    }
    return shape.withCodecs(declaredOn, decoders, encoders, types);
  }

  private static CodecShape codecShape(
      CodecShape.Role role, int index, Class<?> codec, ReflectiveTypes types) {
    boolean decoder = role == CodecShape.Role.DECODER;
    Type text = GenericTypes.argumentOf(codec, decoder ? Decoder.Text.class : Encoder.Text.class);
    Type binary =
        GenericTypes.argumentOf(codec, decoder ? Decoder.Binary.class : Encoder.Binary.class);
    boolean jakarta = false;
    if (text == null && binary == null) {
      String prefix = "jakarta.websocket." + (decoder ? "Decoder" : "Encoder");
      text = GenericTypes.argumentOf(codec, prefix + "$Text");
      binary = GenericTypes.argumentOf(codec, prefix + "$Binary");
      jakarta = text != null || binary != null;
    }
    return CodecShape.of(
        role,
        index,
        HandlerClasses.displayName(codec),
        text == null ? null : types.register(text),
        binary == null ? null : types.register(binary),
        jakarta,
        notInstantiable(codec));
  }

  /** Why {@code new} cannot make a {@code codec}, in the words the processor uses; or null. */
  private static String notInstantiable(Class<?> codec) {
    int modifiers = codec.getModifiers();
    if (codec.isInterface()) {
      return "is an interface";
    }
    if (Modifier.isAbstract(modifiers)) {
      return "is abstract";
    }
    if (!Modifier.isPublic(modifiers)) {
      return "is not public";
    }
    if (codec.isMemberClass() && !Modifier.isStatic(modifiers)) {
      return "is an inner class";
    }
    for (Constructor<?> constructor : codec.getConstructors()) {
      if (constructor.getParameterCount() == 0) {
        return null;
      }
    }
    return "has no public no-argument constructor";
  }

  private static MethodShape methodShape(Class<?> handler, Family family, MemberTypes types) {
    Method called = family.called;
    List<String> typeParameters = new ArrayList<>();
    for (TypeVariable<Method> variable : called.getTypeParameters()) {
      typeParameters.add(variable.getName());
    }
    return MethodShape.builder()
        .name(called.getName())
        .declaringClass(HandlerClasses.displayName(called.getDeclaringClass()))
        .declaredInOtherPackage(!HandlerClasses.samePackage(called.getDeclaringClass(), handler))
        .annotations(family.annotations)
        .access(access(called.getModifiers()))
        .isStatic(Modifier.isStatic(called.getModifiers()))
        .isAbstract(Modifier.isAbstract(called.getModifiers()))
        .typeParameters(typeParameters)
        .parameters(types.parameters(called))
        .returnType(types.returnType(called))
        .build();
  }

  /** The superclass whose methods count, or null: interfaces and {@code Object} end the chain. */
  private static Class<?> superclass(Class<?> type) {
    Class<?> superclass = type.getSuperclass();
    return superclass == null || superclass == Object.class ? null : superclass;
  }

  // --- What overrides what: javac's Elements.overrides and Symbol.overrides, on reflection ---

  /**
   * Whether {@code rider}, declared lower in the chain, overrides {@code ridee} in {@code origin}.
   * Signatures are compared as members of {@code origin}, where javac compares them as members of
   * the rider's class first; the two differ only for code javac rejects (a name clash).
   */
  private static boolean overrides(Method rider, Method ridee, Class<?> origin, MemberTypes types) {
    if (rider.equals(ridee)
        || !rider.getName().equals(ridee.getName())
        || Modifier.isStatic(rider.getModifiers())
        || !isMemberOf(ridee, origin)) {
      return false;
    }
    Class<?> owner = rider.getDeclaringClass();
    if (isOverridableIn(ridee, owner)
        && ridee.getDeclaringClass().isAssignableFrom(owner)
        && types.isSubSignature(rider, ridee)) {
      return true;
    }
    // javac's "inherited implementation" case: only an abstract method can be implemented so.
    if (Modifier.isAbstract(rider.getModifiers())
        || !Modifier.isAbstract(ridee.getModifiers())
        || !isOverridableIn(ridee, origin)
        || !isMemberOf(rider, origin)) {
      return false;
    }
    return types.isSubSignature(rider, ridee);
  }

  private static boolean isOverridableIn(Method method, Class<?> origin) {
    int modifiers = method.getModifiers();
    if (Modifier.isPrivate(modifiers)) {
      return false;
    }
    if (Modifier.isPublic(modifiers)) {
      return true;
    }
    if (Modifier.isProtected(modifiers)) {
      return !origin.isInterface();
    }
    return HandlerClasses.samePackage(method.getDeclaringClass(), origin) && !origin.isInterface();
  }

  private static boolean isMemberOf(Method method, Class<?> type) {
    Class<?> owner = method.getDeclaringClass();
    return owner == type || (owner.isAssignableFrom(type) && isInheritedIn(method, type));
  }

  private static boolean isInheritedIn(Method method, Class<?> type) {
    int modifiers = method.getModifiers();
    Class<?> owner = method.getDeclaringClass();
    if (Modifier.isPublic(modifiers)) {
      return true;
    }
    if (Modifier.isPrivate(modifiers)) {
      return owner == type;
    }
    if (Modifier.isProtected(modifiers)) {
      return !type.isInterface();
    }
    // Package-private: every class between the two must be in the method's package.
    for (Class<?> c = type; c != null && c != owner; c = c.getSuperclass()) {
      if (!HandlerClasses.samePackage(c, owner)) {
        return false;
      }
    }
    return !type.isInterface();
  }

  // --- The class ---

  private static MethodShape.Access access(int modifiers) {
    if (Modifier.isPublic(modifiers)) {
      return MethodShape.Access.PUBLIC;
    }
    if (Modifier.isProtected(modifiers)) {
      return MethodShape.Access.PROTECTED;
    }
    if (Modifier.isPrivate(modifiers)) {
      return MethodShape.Access.PRIVATE;
    }
    return MethodShape.Access.PACKAGE;
  }

  private static HandlerShape.Kind kind(Class<?> type) {
    if (type.isAnnotation()) {
      return HandlerShape.Kind.ANNOTATION;
    }
    if (type.isInterface()) {
      return HandlerShape.Kind.INTERFACE;
    }
    if (type.isEnum()) {
      return HandlerShape.Kind.ENUM;
    }
    if (type.isRecord()) {
      return HandlerShape.Kind.RECORD;
    }
    return HandlerShape.Kind.CLASS;
  }

  private static HandlerShape.Nesting nesting(Class<?> type) {
    if (type.isAnonymousClass()) {
      return HandlerShape.Nesting.ANONYMOUS;
    }
    if (type.isLocalClass()) {
      return HandlerShape.Nesting.LOCAL;
    }
    if (!type.isMemberClass()) {
      return HandlerShape.Nesting.TOP_LEVEL;
    }
    // Member enums, records and interfaces, and classes in interfaces, are implicitly static.
    boolean implicitlyStatic =
        kind(type) != HandlerShape.Kind.CLASS || type.getDeclaringClass().isInterface();
    return implicitlyStatic || Modifier.isStatic(type.getModifiers())
        ? HandlerShape.Nesting.STATIC_MEMBER
        : HandlerShape.Nesting.INNER_MEMBER;
  }

  private static String privateEnclosingClass(Class<?> type) {
    for (Class<?> c = type.getEnclosingClass(); c != null; c = c.getEnclosingClass()) {
      if (Modifier.isPrivate(c.getModifiers())) {
        return HandlerClasses.displayName(c);
      }
    }
    return null;
  }

  /** A method and the overrides of it seen so far; {@code called} is the most-derived one. */
  private static final class Family {
    final Method called;
    List<CallbackKind> annotations;

    Family(Method called, List<CallbackKind> annotations) {
      this.called = called;
      this.annotations = annotations;
    }
  }
}
