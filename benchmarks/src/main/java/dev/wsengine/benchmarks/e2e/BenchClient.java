package dev.wsengine.benchmarks.e2e;

import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OpenInfo;

/**
 * The engine's handler in every scenario: hands each message to the scenario's {@link Behaviour}
 * and returns its reply. Compiled with wsengine's processor, so the engine uses the generated
 * dispatcher, as a user's build would.
 */
public final class BenchClient {
  private final Behaviour behaviour;

  BenchClient(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  @OnOpen
  void opened(OpenInfo info) {
    if (info.restarting()) {
      behaviour.reopened();
    }
  }

  @OnClose
  void closed() {
    behaviour.closed();
  }

  @OnMessage
  String text(String text) {
    return behaviour.onText(text);
  }
}
