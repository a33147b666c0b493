package dev.wsengine.docs.start;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.docs.testing.EchoEndpoint;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The getting-started snippets, run against an echo server in this JVM. */
class GettingStartedTest {
  @Test
  void greeterGetsItsHelloEchoedAndStopLeavesNoEngineThread() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      assertEquals("hello", GettingStarted.talk(server.uri("/echo")));
    }
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
  }

  @Test
  void greeterHasAGeneratedDispatcher() throws Exception {
    // The processor ran on the snippets, as it would on a user's build: no Byte Buddy fallback.
    assertEquals(
        "dev.wsengine.spi.Dispatcher",
        Class.forName("dev.wsengine.docs.start.Greeter_Dispatcher").getInterfaces()[0].getName());
  }
}
