package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.internal.CallbackKind;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runtime needs to know about a class before it picks a dispatcher: which methods carry
 * callback annotations, and which class of a handler's superclass chain the dispatcher is for.
 */
final class HandlerClasses {
  private static final ClassValue<Boolean> DECLARES_CALLBACKS =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          for (Method method : type.getDeclaredMethods()) {
            if (isSourceMethod(method) && !callbackKinds(method).isEmpty()) {
              return true;
            }
          }
          return false;
        }
      };

  private HandlerClasses() {}

  /**
   * Whether javac would show the method to the processor. Bridges and other synthetic methods are
   * not in the source; javac even copies a method's annotations onto its bridges, so they would
   * count twice.
   */
  static boolean isSourceMethod(Method method) {
    return !method.isBridge() && !method.isSynthetic();
  }

  /**
   * The callback annotations on {@code method}, in source order. Matched by name rather than by
   * class, as the processor does, so that a handler whose class loader has its own copy of the API
   * is still recognised.
   */
  static List<CallbackKind> callbackKinds(Method method) {
    List<CallbackKind> kinds = new ArrayList<>();
    for (Annotation annotation : method.getDeclaredAnnotations()) {
      CallbackKind kind = CallbackKind.forAnnotationName(annotation.annotationType().getName());
      if (kind != null) {
        kinds.add(kind);
      }
    }
    return kinds;
  }

  /** Whether {@code type} itself declares a method with a callback annotation. */
  static boolean declaresCallbacks(Class<?> type) {
    return DECLARES_CALLBACKS.get(type);
  }

  /**
   * The class a dispatcher for instances of {@code type} is for: the nearest class, from {@code
   * type} up its superclasses, that declares a callback itself. The processor generates a
   * dispatcher only for such classes, and a subclass that adds no callbacks has the same ones
   * (docs/handlers.md, Inheritance), so one dispatcher serves them all. {@code type} itself when no
   * class declares a callback, so that the error names the class the user wrote.
   */
  static Class<?> dispatchingClass(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (declaresCallbacks(c)) {
        return c;
      }
    }
    return type;
  }

  /**
   * How errors name a class, as the processor does: {@code Outer.Inner}; a local class by its
   * simple name.
   */
  static String displayName(Class<?> type) {
    if (type.isMemberClass()) {
      return displayName(type.getDeclaringClass()) + "." + type.getSimpleName();
    }
    return type.getSimpleName();
  }

  /**
   * Whether two classes are in the same run-time package, the one the JVM checks package-private
   * access against: the same package name and the same class loader. The processor compares package
   * names alone; the two agree unless a package is split across class loaders, where only this
   * answer keeps the generated code from failing with an {@link IllegalAccessError}.
   */
  static boolean samePackage(Class<?> a, Class<?> b) {
    return a.getPackageName().equals(b.getPackageName())
        && a.getClassLoader() == b.getClassLoader();
  }
}
