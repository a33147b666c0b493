package dev.wsengine.docs.messages.json;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.jackson.JsonEncoder;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

// snippet:greeting-client
@Codecs(decoders = Greetings.class, encoders = JsonEncoder.class)
public final class GreetingClient {
  final BlockingQueue<Greeting> received = new LinkedBlockingQueue<>();

  @OnOpen
  void opened(Connection connection) throws IOException {
    connection.send(new Greeting("ann", "hello")); // sent as {"from":"ann","text":"hello"}
  }

  @OnMessage
  void greeting(Greeting greeting) { // an echo server sends it back: decoded once, typed
    received.add(greeting);
  }
}
// end-snippet
