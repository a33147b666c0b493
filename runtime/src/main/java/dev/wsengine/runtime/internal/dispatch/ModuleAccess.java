package dev.wsengine.runtime.internal.dispatch;

/**
 * The access a dispatcher needs to a handler in a named module, checked up front so that a missing
 * {@code exports} or {@code opens} is an error saying what to add, not an {@link
 * IllegalAccessException} from deep inside reflection or Byte Buddy.
 *
 * <ul>
 *   <li>A generated dispatcher is a public class with a public constructor: the runtime needs its
 *       package exported to it.
 *   <li>The fallback defines a class in the handler's package, through a private lookup: the
 *       runtime needs the package open to it.
 * </ul>
 *
 * Handlers on the class path (the unnamed module) export and open everything.
 */
final class ModuleAccess {
  private ModuleAccess() {}

  /**
   * Checks that the runtime may instantiate {@code dispatcher}, a generated dispatcher class.
   *
   * @throws IllegalArgumentException if its module does not export its package to the runtime
   */
  static void requireExported(Class<?> dispatcher) {
    Module module = dispatcher.getModule();
    String packageName = dispatcher.getPackageName();
    Module runtime = ModuleAccess.class.getModule();
    if (!module.isExported(packageName, runtime)) {
      throw new IllegalArgumentException(
          "wsengine cannot use the generated dispatcher "
              + dispatcher.getName()
              + ": module "
              + module.getName()
              + " does not export package "
              + packageName
              + " to "
              + describe(runtime)
              + ". Add "
              + directive("exports", module, packageName, runtime));
    }
  }

  /**
   * Checks that the runtime may define a class in {@code handler}'s package, and makes the runtime
   * read the handler's module, which a private lookup into it requires.
   *
   * @throws IllegalArgumentException if the handler's module does not open its package to the
   *     runtime
   */
  static void requireOpen(Class<?> handler) {
    Module module = handler.getModule();
    String packageName = handler.getPackageName();
    Module runtime = ModuleAccess.class.getModule();
    if (!module.isOpen(packageName, runtime)) {
      throw new IllegalArgumentException(
          "wsengine cannot generate a dispatcher for "
              + handler.getName()
              + " at run time: module "
              + module.getName()
              + " does not open package "
              + packageName
              + " to "
              + describe(runtime)
              + ". Add "
              + directive("opens", module, packageName, runtime)
              + ", or put wsengine-processor on the annotation processor path so that a generated"
              + " dispatcher is used (that needs the package exported to the runtime, not open)");
    }
    runtime.addReads(module);
  }

  private static String describe(Module runtime) {
    return runtime.isNamed()
        ? "module " + runtime.getName()
        : "the unnamed module (wsengine-runtime is on the class path)";
  }

  /** What to write: a module-info directive, or for a runtime on the class path, the JVM option. */
  static String directive(String keyword, Module module, String packageName, Module runtime) {
    if (runtime.isNamed()) {
      return "'"
          + keyword
          + " "
          + packageName
          + " to "
          + runtime.getName()
          + ";' to the module-info.java of "
          + module.getName();
    }
    return "'"
        + keyword
        + " "
        + packageName
        + ";' to the module-info.java of "
        + module.getName()
        + " (or run with --add-"
        + keyword
        + " "
        + module.getName()
        + "/"
        + packageName
        + "=ALL-UNNAMED)";
  }
}
