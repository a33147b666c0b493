package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Pins the whole text of one generated dispatcher, so that any change to the generated code shows
 * up in review. To update after an intended change, copy the actual text the failure prints into
 * {@code src/test/resources/golden/com/acme/EchoClient_Dispatcher.java}.
 */
class GoldenDispatcherTest {

  @Test
  void echoClientDispatcher_matchesTheGoldenFile() throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new HandlerProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(JavaFileObjects.forResource("golden/com/acme/EchoClient.java"));

    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation.generatedSourceFile("com.acme.EchoClient_Dispatcher").orElseThrow();
    assertThat(generated.getCharContent(false).toString())
        .isEqualTo(resource("golden/com/acme/EchoClient_Dispatcher.java"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GoldenDispatcherTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
