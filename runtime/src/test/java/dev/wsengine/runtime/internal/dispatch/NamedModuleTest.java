package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.internal.dispatch.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Handlers in named modules: the runtime needs their package exported to it (generated dispatchers)
 * or open to it (the fallback), and says which directive to add when it is not. Each test defines a
 * module layer holding one handler module; the runtime, as in every test here, is on the class
 * path.
 */
class NamedModuleTest {
  /**
   * A layer with module {@code name} holding the classes of {@code compilation} (but the test
   * recorder), described by {@code descriptor}. It reads the class path, where the API is in tests;
   * a real module would {@code requires dev.wsengine.api}.
   */
  private static Module defineModule(
      String name, Compilation compilation, UnaryOperator<ModuleDescriptor.Builder> descriptor) {
    Map<String, byte[]> classes = Compilations.classFiles(compilation);
    classes.keySet().removeIf(c -> c.startsWith("recording."));
    Set<String> packages = new java.util.HashSet<>();
    classes.keySet().forEach(c -> packages.add(c.substring(0, c.lastIndexOf('.'))));
    ModuleDescriptor moduleDescriptor =
        descriptor.apply(ModuleDescriptor.newModule(name).packages(packages)).build();
    ModuleReference reference =
        new ModuleReference(moduleDescriptor, URI.create("memory:///" + name)) {
          @Override
          public ModuleReader open() {
            return new ModuleReader() {
              @Override
              public Optional<URI> find(String resource) {
                return Optional.empty();
              }

              @Override
              public Optional<InputStream> open(String resource) {
                byte[] bytes =
                    resource.endsWith(".class")
                        ? classes.get(
                            resource.substring(0, resource.length() - 6).replace('/', '.'))
                        : null;
                return Optional.ofNullable(bytes).map(ByteArrayInputStream::new);
              }

              @Override
              public Stream<String> list() {
                return classes.keySet().stream().map(c -> c.replace('.', '/') + ".class");
              }

              @Override
              public void close() {}
            };
          }
        };
    ModuleFinder finder =
        new ModuleFinder() {
          @Override
          public Optional<ModuleReference> find(String module) {
            return module.equals(name) ? Optional.of(reference) : Optional.empty();
          }

          @Override
          public Set<ModuleReference> findAll() {
            return Set.of(reference);
          }
        };
    Configuration configuration =
        ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(name));
    ClassLoader parent = NamedModuleTest.class.getClassLoader();
    ModuleLayer.Controller controller =
        ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()), parent);
    Module module = controller.layer().findModule(name).orElseThrow();
    controller.addReads(module, parent.getUnnamedModule());
    return module;
  }

  private static Object newHandler(Module module, String className) throws Exception {
    return newHandler(
        module, className.substring(0, className.lastIndexOf('.')) + ".api.Handlers", "handler");
  }

  /** A handler from the module's factory, as an application would get one. */
  private static Object newHandler(Module module, String factory, String method) throws Exception {
    Class<?> type = Class.forName(factory, true, module.getClassLoader());
    assertThat(type.getModule()).isSameInstanceAs(module);
    Object handler = type.getMethod(method).invoke(null);
    assertThat(handler.getClass().getModule()).isSameInstanceAs(module);
    return handler;
  }

  private static Compilation handler(String packageName, boolean withProcessor) {
    List<javax.tools.JavaFileObject> sources =
        List.of(
            source(
                packageName + ".api.Handlers",
                "public final class Handlers {\n"
                    + "  public static Object handler() { return new "
                    + packageName
                    + ".Handler(); }\n"
                    + "}\n"),
            source(
                packageName + ".Handler",
                """
                public class Handler {
                  private boolean opened;

                  @OnOpen
                  void opened() {
                    opened = true;
                  }

                  @Override
                  public String toString() {
                    return opened ? "opened" : "not opened";
                  }
                }
                """));
    return withProcessor
        ? Compilations.withProcessor(sources)
        : Compilations.withoutProcessor(sources);
  }

  @Test
  void fallback_forAPackageNotOpenToTheRuntime_saysWhatToAdd() throws Exception {
    Module module =
        defineModule(
            "com.acme.closed",
            handler("com.acme.closed", false),
            b -> b.exports("com.acme.closed.api"));
    Object handler = newHandler(module, "com.acme.closed.Handler");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Dispatchers.create(handler, DispatcherMode.AUTO));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "wsengine cannot generate a dispatcher for com.acme.closed.Handler at run time: module"
                + " com.acme.closed does not open package com.acme.closed to the unnamed module"
                + " (wsengine-runtime is on the class path). Add 'opens com.acme.closed;' to the"
                + " module-info.java of com.acme.closed (or run with --add-opens"
                + " com.acme.closed/com.acme.closed=ALL-UNNAMED), or put wsengine-processor on the"
                + " annotation processor path so that a generated dispatcher is used (that needs the"
                + " package exported to the runtime, not open)");
  }

  @Test
  void fallback_forAnOpenPackage_works() throws Exception {
    Module module =
        defineModule(
            "com.acme.open",
            handler("com.acme.open", false),
            b -> b.exports("com.acme.open.api").opens("com.acme.open"));
    Object handler = newHandler(module, "com.acme.open.Handler");

    Dispatcher<Object> dispatcher = Dispatchers.create(handler, DispatcherMode.AUTO);
    dispatcher.onOpen(FakeScope.empty());

    assertThat(dispatcher.getClass().getModule()).isSameInstanceAs(module);
    assertThat(opened(handler)).isTrue();
  }

  @Test
  void generated_forAPackageNotExportedToTheRuntime_saysWhatToAdd() throws Exception {
    // The module exports only its API package, whose factory hands out the handler.
    Module module =
        defineModule(
            "com.acme.hidden",
            handler("com.acme.hidden", true),
            b -> b.exports("com.acme.hidden.api"));
    Object handler = newHandler(module, "com.acme.hidden.api.Handlers", "handler");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Dispatchers.create(handler, DispatcherMode.AUTO));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "wsengine cannot use the generated dispatcher com.acme.hidden.Handler_Dispatcher: module"
                + " com.acme.hidden does not export package com.acme.hidden to the unnamed module"
                + " (wsengine-runtime is on the class path). Add 'exports com.acme.hidden;' to the"
                + " module-info.java of com.acme.hidden (or run with --add-exports"
                + " com.acme.hidden/com.acme.hidden=ALL-UNNAMED)");
  }

  @Test
  void generated_forAnExportedPackage_works() throws Exception {
    Module module =
        defineModule(
            "com.acme.exported",
            handler("com.acme.exported", true),
            b -> b.exports("com.acme.exported.api").exports("com.acme.exported"));
    Object handler = newHandler(module, "com.acme.exported.Handler");

    Dispatcher<Object> dispatcher = Dispatchers.create(handler, DispatcherMode.GENERATED);
    dispatcher.onOpen(FakeScope.empty());

    assertThat(dispatcher.getClass().getName()).isEqualTo("com.acme.exported.Handler_Dispatcher");
    assertThat(opened(handler)).isTrue();
  }

  /** Whether the handler's {@code @OnOpen} ran: it says so in its {@code toString()}. */
  private static boolean opened(Object handler) {
    return handler.toString().equals("opened");
  }

  @Test
  void directives_nameTheRuntimeModule_whenItIsNamed() {
    Module module = defineModule("com.acme.app", handler("com.acme.app", false), b -> b);
    Module namedRuntime =
        Object.class.getModule(); // any named module stands in for dev.wsengine.runtime

    assertThat(ModuleAccess.directive("opens", module, "com.acme.app", namedRuntime))
        .isEqualTo("'opens com.acme.app to java.base;' to the module-info.java of com.acme.app");
    assertThat(ModuleAccess.directive("exports", module, "com.acme.app", namedRuntime))
        .isEqualTo("'exports com.acme.app to java.base;' to the module-info.java of com.acme.app");
  }
}
