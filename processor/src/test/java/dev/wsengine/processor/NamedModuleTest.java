package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.wsengine.CloseStatus;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler in a named module: the dispatcher carries {@code @Generated} only where the module
 * reads {@code java.compiler}, which that annotation lives in; elsewhere it would not compile.
 * Compiled from files with javac itself, since compile-testing's in-memory sources cannot hold a
 * module-info.
 */
class NamedModuleTest {
  @TempDir Path dir;

  /**
   * Compiles module com.acme (with {@code requires}) holding one handler; returns its dispatcher.
   */
  private String compileInModule(String... requires) throws Exception {
    return compileInModule(List.of(), requires);
  }

  /** As above, with more javac options. */
  private String compileInModule(List<String> options, String... requires) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/com/acme"));
    StringBuilder module = new StringBuilder("module com.acme {\n");
    for (String required : requires) {
      module.append("  requires ").append(required).append(";\n");
    }
    Files.writeString(dir.resolve("src/module-info.java"), module.append("}\n"));
    Files.writeString(
        src.resolve("Echo.java"),
        String.join(
            "\n",
            "package com.acme;",
            "",
            "import dev.wsengine.OnMessage;",
            "",
            "public final class Echo {",
            "  @OnMessage",
            "  String text(String message) {",
            "    return message;",
            "  }",
            "}",
            ""));
    Path api =
        Path.of(CloseStatus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path out = Files.createDirectories(dir.resolve("out"));
    Path generated = Files.createDirectories(dir.resolve("generated"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      Iterable<? extends JavaFileObject> sources =
          files.getJavaFileObjects(
              dir.resolve("src/module-info.java").toFile(), src.resolve("Echo.java").toFile());
      JavaCompiler.CompilationTask task =
          javac.getTask(
              new StringWriter(),
              files,
              diagnostics,
              Stream.concat(
                      Stream.of(
                          "-Xlint:all",
                          "-Werror",
                          "--module-path",
                          api.toString(),
                          "-d",
                          out.toString(),
                          "-s",
                          generated.toString()),
                      options.stream())
                  .toList(),
              null,
              sources);
      task.setProcessors(List.of(new HandlerProcessor()));
      boolean compiled = task.call();
      assertWithMessage("javac: %s", diagnostics.getDiagnostics()).that(compiled).isTrue();
    }
    return Files.readString(
        generated.resolve("com/acme/Echo_Dispatcher.java".replace('/', File.separatorChar)));
  }

  @Test
  void aModuleThatDoesNotReadJavaCompiler_getsADispatcherWithoutGenerated() throws Exception {
    assertThat(compileInModule("dev.wsengine.api")).doesNotContain("@Generated");
  }

  @Test
  void aModuleThatDoesNotReadJavaCompiler_getsNoGenerated_evenWithJavaCompilerInTheModuleGraph()
      throws Exception {
    // As in a build where another module brings java.compiler in: the annotation type exists, but
    // com.acme cannot see it.
    assertThat(compileInModule(List.of("--add-modules", "java.compiler"), "dev.wsengine.api"))
        .doesNotContain("@Generated");
  }

  @Test
  void aModuleThatReadsJavaCompiler_getsGenerated() throws Exception {
    assertThat(compileInModule("dev.wsengine.api", "static java.compiler"))
        .contains("@Generated(\"dev.wsengine.processor.HandlerProcessor\")");
  }

  @Test
  void readingThroughRequiresTransitive_counts() throws Exception {
    // java.se requires java.compiler transitively.
    assertThat(compileInModule("dev.wsengine.api", "java.se"))
        .contains("@Generated(\"dev.wsengine.processor.HandlerProcessor\")");
  }
}
