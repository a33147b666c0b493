package dev.wsengine.docs.callbacks;

import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.Pause;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Takes the connection to itself to ask the server something and read the answer: in @OnOpen,
 * before the readers start, and in @OnMessage. CallbacksTest runs it against an echo server, whose
 * answer is the question.
 */
public final class Asker {
  final List<String> answers = new CopyOnWriteArrayList<>();
  final List<String> dispatched = new CopyOnWriteArrayList<>();

  // snippet:pause-in-open
  @OnOpen
  void opened(Connection connection, EngineControl control)
      throws IOException, InterruptedException {
    try (Pause pause = control.pause()) { // the readers have not started: returns at once
      connection.sendText("version?");
      Optional<Message> answer = connection.receive(Duration.ofSeconds(5));
      answers.add(answer.map(Message::text).orElse("no answer"));
    } // closed before returning, or the readers wait for it
  }

  // end-snippet

  // snippet:pause-in-message
  @OnMessage
  void text(String message, Connection connection, EngineControl control)
      throws IOException, InterruptedException {
    dispatched.add(message);
    if (message.equals("token expired")) {
      try (Pause pause = control.pause()) { // no reader reads until it is closed
        connection.sendText("renew");
        Optional<Message> answer = connection.receive(Duration.ofSeconds(5));
        answers.add(answer.map(Message::text).orElse("no answer"));
      }
    }
  }
  // end-snippet
}
