package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.testfixtures.CompiledClasses.classFiles;
import static dev.wsengine.testfixtures.CompiledClasses.classPathWith;
import static dev.wsengine.testfixtures.CompiledClasses.writeClasses;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.CompiledClasses;
import dev.wsengine.testfixtures.CompiledClasses.BytesClassLoader;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles handler classes that record their calls, loads them with the dispatchers the processor
 * generated, and reads back what they recorded.
 *
 * <p>Handler sources record through {@code recording.Recorder.record(label, args...)}, a class
 * {@link #compile} adds to every compilation. Each {@link #load} gets a fresh class loader (whose
 * parent is the test's, so {@code dev.wsengine} types are shared), so the recorder's static list is
 * private to one test.
 */
final class RecordingHandlers {
  /** The options every handler must compile clean under, as a user's strict build would use. */
  static final List<String> STRICT = List.of("-Xlint:all", "-Werror");

  private RecordingHandlers() {}

  /** Compiles {@code sources} and the recorder with the processor, under {@link #STRICT}. */
  static Compilation compile(JavaFileObject... sources) {
    return compiler().compile(withRecorder(sources));
  }

  /** As {@link #compile(JavaFileObject...)}, with {@code library} on the class path too. */
  static Compilation compileAgainst(File library, JavaFileObject... sources) {
    return compiler().withClasspath(classPathWith(library)).compile(withRecorder(sources));
  }

  /**
   * Compiles {@code sources} (and the recorder) with no annotation processing, as a library built
   * elsewhere would have been, and writes the class files under {@code directory}.
   */
  static Compilation compileLibrary(File directory, JavaFileObject... sources) {
    Compilation compilation =
        Compiler.javac().withOptions("-proc:none").compile(withRecorder(sources));
    assertWithMessage("library compilation: %s", compilation.diagnostics())
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    writeClasses(compilation, directory);
    return compilation;
  }

  /** The classes of these compilations, in a fresh class loader. */
  static Loaded load(Compilation... compilations) {
    Map<String, byte[]> classes = new HashMap<>();
    for (Compilation compilation : compilations) {
      classes.putAll(classFiles(compilation));
    }
    return new Loaded(new BytesClassLoader(classes, RecordingHandlers.class.getClassLoader()));
  }

  private static Compiler compiler() {
    return Compiler.javac().withProcessors(new HandlerProcessor()).withOptions(STRICT);
  }

  private static List<JavaFileObject> withRecorder(JavaFileObject... sources) {
    return CompiledClasses.withRecorder(List.of(sources));
  }

  /** Compiled handlers and dispatchers, loaded. */
  static final class Loaded {
    private final ClassLoader loader;

    private Loaded(ClassLoader loader) {
      this.loader = loader;
    }

    Class<?> loadClass(String binaryName) {
      try {
        return Class.forName(binaryName, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("not compiled: " + binaryName, e);
      }
    }

    boolean hasClass(String binaryName) {
      try {
        Class.forName(binaryName, false, loader);
        return true;
      } catch (ClassNotFoundException e) {
        return false;
      }
    }

    /** A new instance of a handler class, through its no-argument constructor of any access. */
    Object newHandler(String binaryName) {
      try {
        Constructor<?> constructor = loadClass(binaryName).getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** The generated dispatcher of {@code handler}, named by the documented rule. */
    Dispatcher<Object> dispatcher(Object handler) {
      String binaryName = handler.getClass().getName();
      // com.acme.Outer$Inner -> com.acme.Outer_Inner_Dispatcher
      return dispatcher(binaryName.replace('$', '_') + "_Dispatcher", handler);
    }

    /**
     * A new {@code dispatcherName} for {@code handler}, through the public constructor that takes
     * the handler class.
     */
    @SuppressWarnings("unchecked")
    Dispatcher<Object> dispatcher(String dispatcherName, Object handler) {
      Class<?> type = loadClass(dispatcherName);
      try {
        Constructor<?> constructor = type.getConstructor(handler.getClass());
        return (Dispatcher<Object>) constructor.newInstance(handler);
      } catch (InvocationTargetException e) {
        throw new AssertionError(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** What the handlers recorded: one list per call, its label first. */
    List<List<?>> recorded() {
      return CompiledClasses.recorded(loader);
    }

    Object staticField(String className, String name) {
      try {
        Field field = loadClass(className).getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Reads a field of any access from a handler. */
  static Object field(Object handler, String name) {
    try {
      Field field = handler.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(handler);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Sets a field of any access on a handler. */
  static void setField(Object handler, String name, Object value) {
    try {
      Field field = handler.getClass().getDeclaredField(name);
      field.setAccessible(true);
      field.set(handler, value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
