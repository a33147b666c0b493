package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Container modes: by default each connection has its own Grizzly container (a selector and two
 * workers) that ends with it; with sharedContainer(true) connections share one, which outlives them
 * by its idle timeout.
 */
class SharedContainerTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final Duration IDLE = Duration.ofSeconds(1);

  private TestServer server;
  private WebSocketEngine first;
  private WebSocketEngine second;

  @AfterEach
  void tearDown() {
    for (WebSocketEngine engine : new WebSocketEngine[] {first, second}) {
      if (engine != null) {
        engine.stop();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private static Set<Thread> selectors() {
    return new HashSet<>(
        ThreadCounts.live(n -> n.startsWith("Grizzly(") && n.endsWith("SelectorRunner")));
  }

  private WebSocketEngine echoing(TyrusTransport transport, String text) throws Exception {
    RecordingHandler handler = new RecordingHandler();
    handler.onOpen((info, c, control) -> c.sendText(text));
    WebSocketEngine engine = Engines.builder(server.uri("/echo"), handler, transport).build();
    engine.start();
    handler.await("text " + text, WAIT);
    return engine;
  }

  @Test
  void connectionsShareOneContainerThatOutlivesThemByItsIdleTimeout() throws Exception {
    server = ServerKind.TYRUS.start();
    TyrusTransport shared =
        TyrusTransport.builder().sharedContainer(true).sharedContainerIdleTimeout(IDLE).build();

    first = echoing(shared, "one");
    Set<Thread> selectorsOfOne = selectors();
    second = echoing(shared, "two");

    assertThat(selectors()).isEqualTo(selectorsOfOne); // the second connection brought no container
    first.stop();
    second.stop();
    assertThat(selectors()).isNotEmpty(); // idle, not gone: the next connection would reuse it
    // The extension then waits for it to go, which it does after IDLE.
  }

  @Test
  void privateContainersAreOnePerConnectionAndEndWithIt() throws Exception {
    server = ServerKind.JETTY.start();
    TyrusTransport own = TyrusTransport.builder().build();

    first = echoing(own, "one");
    Set<Thread> selectorsOfOne = selectors();
    second = echoing(own, "two");
    Set<Thread> selectorsOfTwo = selectors();

    assertThat(selectorsOfTwo).containsAtLeastElementsIn(selectorsOfOne);
    assertThat(selectorsOfTwo.size()).isEqualTo(selectorsOfOne.size() + 1);
    first.stop();
    second.stop();
    TyrusThreads.awaitNoClientThreads(WAIT);
  }
}
