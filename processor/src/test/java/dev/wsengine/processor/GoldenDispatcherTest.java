package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Pins the whole text of generated dispatchers, one per output shape, so that any change to the
 * generated code shows up in review: {@code EchoClient} (every callback, raw messages and replies)
 * and {@code Trader} (decoded messages routed most specific first, typed replies). To update after
 * an intended change, copy the actual text the failure prints into {@code
 * src/test/resources/golden/com/acme/<Handler>_Dispatcher.java}.
 */
class GoldenDispatcherTest {

  @Test
  void echoClientDispatcher_matchesTheGoldenFile() throws IOException {
    assertMatchesGolden("EchoClient");
  }

  @Test
  void traderDispatcher_matchesTheGoldenFile() throws IOException {
    assertMatchesGolden("Trader", "Event", "Tick", "Ack", "Order", "EventDecoder", "OrderEncoder");
  }

  /** Compiles {@code handler} (and its {@code support} sources) and compares its dispatcher. */
  private static void assertMatchesGolden(String handler, String... support) throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(JavaFileObjects.forResource("golden/com/acme/" + handler + ".java"));
    for (String name : support) {
      sources.add(JavaFileObjects.forResource("golden/com/acme/" + name + ".java"));
    }
    Compilation compilation =
        javac()
            .withProcessors(new HandlerProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation.generatedSourceFile("com.acme." + handler + "_Dispatcher").orElseThrow();
    assertThat(generated.getCharContent(false).toString())
        .isEqualTo(resource("golden/com/acme/" + handler + "_Dispatcher.java"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GoldenDispatcherTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
