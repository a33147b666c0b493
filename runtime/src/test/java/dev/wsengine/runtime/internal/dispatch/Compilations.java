package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.wsengine.processor.HandlerProcessor;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.util.ArrayList;
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

  /** Where handlers record what they receive; {@link Loaded#recorded()} reads it back. */
  static final JavaFileObject RECORDER =
      JavaFileObjects.forSourceString(
          "recording.Recorder",
          """
          package recording;

          import java.util.ArrayList;
          import java.util.Arrays;
          import java.util.List;

          public final class Recorder {
            public static final List<List<Object>> CALLS = new ArrayList<>();

            private Recorder() {}

            public static void record(Object... what) {
              CALLS.add(Arrays.asList(what));
            }
          }
          """);

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
    List<File> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    path.addAll(List.of(classpath));
    return compiler.withClasspath(path);
  }

  private static List<JavaFileObject> withRecorder(List<JavaFileObject> sources) {
    List<JavaFileObject> all = new ArrayList<>(sources);
    all.add(RECORDER);
    return all;
  }

  /**
   * Writes the class files of {@code compilation} under {@code directory}, as a library jar would
   * hold them.
   */
  static void writeClasses(Compilation compilation, File directory) {
    classFiles(compilation)
        .forEach(
            (name, bytes) -> {
              File file = new File(directory, name.replace('.', File.separatorChar) + ".class");
              try {
                Files.createDirectories(file.getParentFile().toPath());
                Files.write(file.toPath(), bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
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

  /** Class files by binary name. */
  static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // In-memory files are named /CLASS_OUTPUT/com/acme/Foo$Bar.class.
      String path = file.toUri().getPath();
      String relative = path.substring(path.indexOf('/', 1) + 1);
      String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
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
      try {
        List<List<?>> calls = new ArrayList<>();
        for (Object call : (List<?>) loadClass("recording.Recorder").getField("CALLS").get(null)) {
          calls.add((List<?>) call);
        }
        return calls;
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Defines classes from bytes, and serves them as resources too, as a jar's class loader would:
   * the fallback reads class files for the source order of methods.
   */
  static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      if (name.endsWith(".class")) {
        byte[] bytes =
            classes.get(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        if (bytes != null) {
          return new ByteArrayInputStream(bytes);
        }
      }
      return super.getResourceAsStream(name);
    }
  }
}
