package dev.wsengine.docs.start;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;
import java.time.Duration;

/** The snippets of getting-started.md; {@code GettingStartedTest} runs them. */
public final class GettingStarted {
  private GettingStarted() {}

  // snippet:talk
  static String talk(URI server) throws EngineStartException, InterruptedException {
    Greeter greeter = new Greeter();
    WebSocketEngine engine =
        WebSocketEngine.builder(server, greeter)
            .build(); // checks the handler, finds the transport on the class path
    engine.start(); // returns once connected and @OnOpen has returned
    try {
      return greeter.nextReply(Duration.ofSeconds(5));
    } finally {
      engine.stop(); // @OnClose, close frame; returns once every engine thread ended
    }
  }

  // end-snippet

  // snippet:main
  public static void main(String[] args) throws Exception {
    URI server = URI.create(args.length > 0 ? args[0] : "ws://localhost:8080/echo");
    System.out.println("the server said " + talk(server));
  }
  // end-snippet
}
