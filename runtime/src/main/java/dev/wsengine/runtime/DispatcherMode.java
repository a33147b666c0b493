package dev.wsengine.runtime;

/**
 * Which kind of dispatcher the engine uses to call a handler's callbacks.
 *
 * <p>A dispatcher is the object that calls the handler's annotated methods. The annotation
 * processor ({@code wsengine-processor}) writes one at compile time, {@code Foo_Dispatcher} for a
 * handler class {@code Foo}; where none exists, the runtime checks the class by reflection with the
 * same rules and generates an equivalent one with Byte Buddy. Both call the handler's methods
 * directly, so they cost the same per message; the fallback costs one class generation per handler
 * class, when the first engine for it is built.
 *
 * <p>The default is {@link #AUTO}; the system property {@code dev.wsengine.dispatcher} ({@code
 * auto}, {@code generated} or {@code fallback}) changes it for a whole JVM.
 */
public enum DispatcherMode {
  /**
   * The generated dispatcher when the handler class (or, for a subclass that declares no callbacks,
   * its nearest superclass that does) has one; otherwise the Byte Buddy fallback.
   */
  AUTO,

  /**
   * The generated dispatcher, or an error naming the class looked for: for builds that must not
   * depend on run-time code generation, so that a missing annotation processor fails at once
   * instead of going unnoticed.
   */
  GENERATED,

  /**
   * Always the Byte Buddy fallback, even where a generated dispatcher exists: for tests that run
   * against both kinds, and to rule the generated code out when looking for a bug.
   */
  FALLBACK
}
