package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.CallbackMethod;
import dev.wsengine.internal.HandlerRules;
import dev.wsengine.runtime.InvalidHandlerException;
import dev.wsengine.spi.Dispatcher;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The fallback: for a handler class with no generated dispatcher, checks the class by reflection
 * ({@link FallbackValidator}) and generates at run time, with Byte Buddy, the class the processor
 * would have generated ({@link DispatcherBytecode}).
 *
 * <p>The class is defined in the handler's package, through a private lookup into it, so that
 * package-private callbacks can be called directly; it is named {@code Foo$WsengineDispatcher$n},
 * which the processor's {@code Foo_Dispatcher} cannot clash with. One class is generated per
 * handler class, on first use, and cached with the class ({@link ClassValue}), so building many
 * engines for one handler class costs one generation, and the generated class is unloaded with the
 * handler's.
 */
final class ByteBuddyDispatcherFactory {
  /**
   * Tells apart classes generated for one handler class by racing threads or by several loaders.
   */
  private static final AtomicLong SERIAL = new AtomicLong();

  private static final ClassValue<Constructor<?>> CONSTRUCTORS =
      new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
          return define(type);
        }
      };

  private ByteBuddyDispatcherFactory() {}

  /**
   * The fallback dispatcher's constructor for {@code type}, which must declare callbacks itself
   * (see {@link HandlerClasses#dispatchingClass}); it takes a {@code type}.
   *
   * @throws InvalidHandlerException if the class breaks a handler rule (not cached: each call
   *     checks again, and throws again)
   * @throws IllegalArgumentException if the class is in a named module that does not open its
   *     package to the runtime
   */
  static Constructor<?> constructor(Class<?> type) {
    return CONSTRUCTORS.get(type);
  }

  private static Constructor<?> define(Class<?> type) {
    FallbackValidator.Checked checked = FallbackValidator.check(type);
    ModuleAccess.requireOpen(type);
    MethodHandles.Lookup lookup;
    try {
      lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "wsengine cannot define a dispatcher in the package of " + type.getName(), e);
    }
    Class<?> dispatcher =
        make(type, checked, type.getName() + "$WsengineDispatcher$" + SERIAL.incrementAndGet())
            .load(type.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(lookup))
            .getLoaded();
    try {
      return dispatcher.getConstructor(type);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("the generated dispatcher has no constructor taking the handler", e);
    }
  }

  /** The class file of a fallback dispatcher for {@code type}, without loading it: for tests. */
  static byte[] classFile(Class<?> type) {
    return make(type, FallbackValidator.check(type), type.getName() + "$WsengineDispatcher$0")
        .getBytes();
  }

  private static DynamicType.Unloaded<?> make(
      Class<?> type, FallbackValidator.Checked checked, String name) {
    HandlerRules.Result rules = checked.rules();
    List<Method> methods = checked.scanned().methods();
    DynamicType.Builder<?> builder =
        new ByteBuddy()
            // The bodies below need no type initializer and no accessors; make sure none appears.
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
            .implement(
                TypeDescription.Generic.Builder.parameterizedType(Dispatcher.class, type).build())
            .name(name)
            .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
            .defineField(
                DispatcherBytecode.HANDLER, type, Visibility.PRIVATE, FieldManifestation.FINAL)
            .defineConstructor(Visibility.PUBLIC)
            .withParameters(type)
            .intercept(body(DispatcherBytecode.constructor(type)))
            .method(ElementMatchers.named("handler"))
            .intercept(body(DispatcherBytecode.handlerGetter(type)));

    Optional<CallbackMethod> text = rules.textHandler();
    Optional<CallbackMethod> binary = rules.binaryHandler();
    if (text.isPresent()) {
      builder =
          builder
              .method(ElementMatchers.named("acceptsText"))
              .intercept(body(DispatcherBytecode.returnsTrue()));
      builder = override(builder, "onText", type, methods, text.get(), String.class);
    }
    if (binary.isPresent()) {
      builder =
          builder
              .method(ElementMatchers.named("acceptsBinary"))
              .intercept(body(DispatcherBytecode.returnsTrue()));
      builder = override(builder, "onBinary", type, methods, binary.get(), ByteBuffer.class);
    }
    List<CallbackMethod> routing = rules.decodedHandlers();
    if (!routing.isEmpty()) {
      List<Method> routed = new ArrayList<>();
      List<Class<?>> decodedTypes = new ArrayList<>();
      ReflectiveTypes types = (ReflectiveTypes) checked.scanned().shape().types();
      for (CallbackMethod c : routing) {
        routed.add(methods.get(c.method()));
        decodedTypes.add(types.erasure(c.messageType()));
      }
      builder =
          builder
              .method(ElementMatchers.named("onDecoded"))
              .intercept(body(DispatcherBytecode.decoded(type, routed, decodedTypes, routing)));
    }
    builder = override(builder, "onOpen", type, methods, rules.callback(CallbackKind.OPEN));
    builder = override(builder, "onClose", type, methods, rules.callback(CallbackKind.CLOSE));
    builder =
        override(builder, "onReadError", type, methods, rules.callback(CallbackKind.READ_ERROR));
    builder =
        override(builder, "onCloseError", type, methods, rules.callback(CallbackKind.CLOSE_ERROR));
    builder =
        override(
            builder, "onRestartError", type, methods, rules.callback(CallbackKind.RESTART_ERROR));
    return builder.make();
  }

  private static DynamicType.Builder<?> override(
      DynamicType.Builder<?> builder,
      String name,
      Class<?> type,
      List<Method> methods,
      Optional<CallbackMethod> callback) {
    return callback.isPresent()
        ? override(builder, name, type, methods, callback.get(), null)
        : builder;
  }

  private static DynamicType.Builder<?> override(
      DynamicType.Builder<?> builder,
      String name,
      Class<?> type,
      List<Method> methods,
      CallbackMethod callback,
      Class<?> message) {
    Method method = methods.get(callback.method());
    return builder
        .method(ElementMatchers.named(name))
        .intercept(body(DispatcherBytecode.callback(type, method, callback, message)));
  }

  private static Implementation body(ByteCodeAppender appender) {
    return new Implementation.Simple(appender);
  }
}
