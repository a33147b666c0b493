package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.InvalidHandlerException;
import dev.wsengine.spi.Dispatcher;
import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the engine gets the dispatcher of a handler: the one the annotation processor generated,
 * found by name ({@link GeneratedDispatcherLookup}), or the Byte Buddy fallback ({@link
 * ByteBuddyDispatcherFactory}), as the {@link DispatcherMode} says. Called once per engine, when it
 * is built; both kinds are cached per handler class.
 */
public final class Dispatchers {
  /**
   * The system property that sets {@link #defaultMode()}: {@code auto}, {@code generated} or {@code
   * fallback}.
   */
  public static final String MODE_PROPERTY = "dev.wsengine.dispatcher";

  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");

  /** Whether the AUTO fallback was logged for a class; a ClassValue so classes can still unload. */
  private static final ClassValue<AtomicBoolean> FALLBACK_LOGGED =
      new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
          return new AtomicBoolean();
        }
      };

  private Dispatchers() {}

  /**
   * The mode the system property {@value #MODE_PROPERTY} names (in any case), or {@link
   * DispatcherMode#AUTO} when it is not set.
   *
   * @throws IllegalArgumentException if the property has another value
   */
  public static DispatcherMode defaultMode() {
    String value = System.getProperty(MODE_PROPERTY);
    if (value == null) {
      return DispatcherMode.AUTO;
    }
    for (DispatcherMode mode : DispatcherMode.values()) {
      if (mode.name().equalsIgnoreCase(value.strip())) {
        return mode;
      }
    }
    List<String> accepted =
        Arrays.stream(DispatcherMode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList();
    throw new IllegalArgumentException(
        "system property "
            + MODE_PROPERTY
            + " must be "
            + String.join(", ", accepted.subList(0, accepted.size() - 1))
            + " or "
            + accepted.get(accepted.size() - 1)
            + " (in any case); got '"
            + value
            + "'");
  }

  /**
   * The dispatcher for {@code handler}.
   *
   * <p>A handler whose class declares no callbacks itself is served by the dispatcher of its
   * nearest superclass that does (docs/handlers.md, Inheritance); the dispatcher's {@link
   * Dispatcher#handler()} is {@code handler} either way.
   *
   * @throws InvalidHandlerException if the fallback is to be used and the class breaks a handler
   *     rule; also in {@link DispatcherMode#GENERATED} mode when there is no generated dispatcher
   *     because the class is invalid (the processor would have rejected it)
   * @throws IllegalArgumentException in {@link DispatcherMode#GENERATED} mode if there is no
   *     generated dispatcher, or if the handler is in a named module that does not give the runtime
   *     the access it needs (the message says which directive to add)
   */
  public static <H> Dispatcher<H> create(H handler, DispatcherMode mode) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(mode, "mode");
    Class<?> type = handler.getClass();
    Constructor<?> constructor =
        switch (mode) {
          case AUTO -> generated(type).orElseGet(() -> loggedFallback(type));
          case GENERATED -> generated(type).orElseThrow(() -> noGeneratedDispatcher(type));
          case FALLBACK -> fallback(type);
        };
    return instantiate(constructor, handler);
  }

  /**
   * Checks {@code handlerClass} as the fallback would before generating its dispatcher, without an
   * instance of it. For a class that declares no callbacks itself, checks its nearest superclass
   * that does.
   *
   * @throws InvalidHandlerException with every problem, if the class breaks a handler rule
   */
  public static void validate(Class<?> handlerClass) {
    FallbackValidator.check(
        HandlerClasses.dispatchingClass(Objects.requireNonNull(handlerClass, "handlerClass")));
  }

  private static Optional<Constructor<?>> generated(Class<?> type) {
    Optional<Constructor<?>> constructor = GeneratedDispatcherLookup.find(type).constructor();
    constructor.ifPresent(c -> ModuleAccess.requireExported(c.getDeclaringClass()));
    return constructor;
  }

  private static Constructor<?> fallback(Class<?> type) {
    return ByteBuddyDispatcherFactory.constructor(HandlerClasses.dispatchingClass(type));
  }

  /**
   * The fallback in {@link DispatcherMode#AUTO} mode, saying so once per handler class: the user
   * may have meant the processor to run.
   */
  private static Constructor<?> loggedFallback(Class<?> type) {
    Constructor<?> constructor = fallback(type);
    if (FALLBACK_LOGGED.get(type).compareAndSet(false, true)) {
      LOG.log(
          Level.INFO,
          "no generated dispatcher for {0} (looked for {1}); using one generated at run time with"
              + " Byte Buddy. Put wsengine-processor on the annotation processor path to have"
              + " handlers checked at compile time",
          type.getName(),
          String.join(", then ", GeneratedDispatcherLookup.find(type).searched()));
    }
    return constructor;
  }

  /**
   * Why there is no generated dispatcher: the class is invalid (the processor rejected it, or could
   * not see it), or the processor did not run.
   */
  private static RuntimeException noGeneratedDispatcher(Class<?> type) {
    validate(type);
    return new IllegalArgumentException(
        "no generated dispatcher for "
            + type.getName()
            + " (dispatcher mode GENERATED): looked for "
            + String.join(", then ", GeneratedDispatcherLookup.find(type).searched())
            + ". Put wsengine-processor on the annotation processor path of the build that compiles "
            + type.getName()
            + ", or use dispatcher mode AUTO to fall back to one generated at run time");
  }

  @SuppressWarnings("unchecked") // the constructor took the handler's class or a superclass of it
  private static <H> Dispatcher<H> instantiate(Constructor<?> constructor, H handler) {
    try {
      return (Dispatcher<H>) constructor.newInstance(handler);
    } catch (InvocationTargetException e) {
      // A dispatcher's constructor only checks for null, which create() has done already.
      throw new IllegalStateException(
          constructor.getDeclaringClass().getName() + " failed to construct", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot instantiate " + constructor.getDeclaringClass().getName(), e);
    }
  }
}
