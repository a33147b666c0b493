package dev.wsengine.testfixtures;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * What the processor's and the runtime's tests share to compile handlers at test time and load
 * them: the {@code recording.Recorder} class handler sources record their calls through, the class
 * files of a compilation, and a class loader over them.
 *
 * <p>Not API: a fixture of our own tests, in the api module's test-jar. Single-threaded.
 */
public final class CompiledClasses {
  /** {@code recording.Recorder}: handler sources call {@code Recorder.record(label, args...)}. */
  public static final JavaFileObject RECORDER =
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

  private CompiledClasses() {}

  /** {@code sources} and the {@link #RECORDER}. */
  public static List<JavaFileObject> withRecorder(List<JavaFileObject> sources) {
    List<JavaFileObject> all = new ArrayList<>(sources);
    all.add(RECORDER);
    return all;
  }

  /** The test's own class path, then {@code extra}. */
  public static List<File> classPathWith(File... extra) {
    List<File> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    path.addAll(List.of(extra));
    return path;
  }

  /** The class files of {@code compilation}, by binary name. */
  public static Map<String, byte[]> classFiles(Compilation compilation) {
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

  /** Writes the class files of {@code compilation} under {@code directory}, as a jar holds them. */
  public static void writeClasses(Compilation compilation, File directory) {
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

  /** What the handlers loaded by {@code loader} recorded: one list per call, its label first. */
  public static List<List<?>> recorded(ClassLoader loader) {
    try {
      List<List<?>> calls = new ArrayList<>();
      Class<?> recorder = Class.forName("recording.Recorder", true, loader);
      for (Object call : (List<?>) recorder.getField("CALLS").get(null)) {
        calls.add((List<?>) call);
      }
      return calls;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Defines classes from bytes, and serves them as resources too, as a jar's class loader would
   * (the fallback dispatcher reads class files for the source order of methods); everything else
   * comes from the parent.
   */
  public static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    public BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = Map.copyOf(classes);
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
