package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.wsengine.processor.HandlerProcessor;
import dev.wsengine.testfixtures.CompiledClasses;
import dev.wsengine.testfixtures.CompiledClasses.BytesClassLoader;
import java.io.File;
import java.lang.reflect.Constructor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles handler sources at test time, with or without the annotation processor, and loads the
 * result: for classes that must have no generated dispatcher, and for handlers the processor
 * rejects.
 */
final class Compilations {
  private Compilations() {}

  /**
   * A source in the package of {@code qualifiedName}, importing the API and the types bad handlers
   * use, and {@code recording.Recorder}.
   */
  static JavaFileObject source(String qualifiedName, String body) {
    int dot = qualifiedName.lastIndexOf('.');
    String header =
        (dot < 0 ? "" : "package " + qualifiedName.substring(0, dot) + ";\n\n")
            + "import dev.wsengine.*;\n"
            + "import java.io.IOException;\n"
            + "import java.nio.ByteBuffer;\n"
            + "import java.util.*;\n"
            + "import recording.Recorder;\n\n";
    return JavaFileObjects.forSourceString(qualifiedName, header + body);
  }

  /** Compiles with wsengine's processor; may fail (a test of bad handlers wants the errors). */
  static Compilation withProcessor(List<JavaFileObject> sources, File... classpath) {
    return compiler(classpath)
        .withProcessors(new HandlerProcessor())
        .compile(withRecorder(sources));
  }

  /** Compiles without any annotation processing, as a build without wsengine-processor would. */
  static Compilation withoutProcessor(List<JavaFileObject> sources, File... classpath) {
    Compilation compilation =
        compiler(classpath).withOptions("-proc:none").compile(withRecorder(sources));
    assertWithMessage("compilation without the processor: %s", compilation.diagnostics())
        .that(compilation.status())
        .isEqualTo(Compilation.Status.SUCCESS);
    return compilation;
  }

  private static Compiler compiler(File... classpath) {
    Compiler compiler = Compiler.javac();
    if (classpath.length == 0) {
      return compiler;
    }
    return compiler.withClasspath(CompiledClasses.classPathWith(classpath));
  }

  private static List<JavaFileObject> withRecorder(List<JavaFileObject> sources) {
    return CompiledClasses.withRecorder(sources);
  }

  /** As {@link CompiledClasses#writeClasses}. */
  static void writeClasses(Compilation compilation, File directory) {
    CompiledClasses.writeClasses(compilation, directory);
  }

  /** The classes of these compilations, in a fresh class loader whose parent is the test's. */
  static Loaded load(Compilation... compilations) {
    Map<String, byte[]> classes = new HashMap<>();
    for (Compilation compilation : compilations) {
      classes.putAll(classFiles(compilation));
    }
    return new Loaded(
        new BytesClassLoader(classes, Compilations.class.getClassLoader()), classes.keySet());
  }

  /** As {@link CompiledClasses#classFiles}. */
  static Map<String, byte[]> classFiles(Compilation compilation) {
    return CompiledClasses.classFiles(compilation);
  }

  /** Compiled classes, loaded. */
  static final class Loaded {
    private final ClassLoader loader;
    private final List<String> names;

    private Loaded(ClassLoader loader, java.util.Collection<String> names) {
      this.loader = loader;
      this.names = List.copyOf(new java.util.TreeSet<>(names));
    }

    /** The binary names of every class compiled, sorted. */
    List<String> names() {
      return names;
    }

    Class<?> loadClass(String binaryName) {
      try {
        return Class.forName(binaryName, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("not compiled: " + binaryName, e);
      }
    }

    /** A new instance, through the no-argument constructor of any access. */
    Object newInstance(String binaryName) {
      try {
        Constructor<?> constructor = loadClass(binaryName).getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** What the handlers recorded through {@code recording.Recorder}: one list per call. */
    List<List<?>> recorded() {
      return CompiledClasses.recorded(loader);
    }
  }
}
