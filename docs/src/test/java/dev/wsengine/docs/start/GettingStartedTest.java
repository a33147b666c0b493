package dev.wsengine.docs.start;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.docs.testing.LocalEchoServer;
import dev.wsengine.docs.testing.Threads;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The getting-started snippets, run against an echo server in this JVM. */
class GettingStartedTest {
  @Test
  void greeterGetsItsHelloEchoedAndStopLeavesNoEngineThread() throws Exception {
    try (LocalEchoServer server = new LocalEchoServer()) {
      assertEquals("hello", GettingStarted.talk(server.uri("/echo")));
    }
    Threads.awaitNone("wsengine-", Duration.ofSeconds(10));
  }

  @Test
  void greeterHasAGeneratedDispatcher() throws Exception {
    // The processor ran on the snippets, as it would on a user's build: no Byte Buddy fallback.
    assertEquals(
        "dev.wsengine.spi.Dispatcher",
        Class.forName("dev.wsengine.docs.start.Greeter_Dispatcher").getInterfaces()[0].getName());
  }
}
