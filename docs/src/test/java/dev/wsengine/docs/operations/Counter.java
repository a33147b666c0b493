package dev.wsengine.docs.operations;

import dev.wsengine.OnMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what reaches @OnMessage. */
public final class Counter {
  final List<String> received = new CopyOnWriteArrayList<>();

  @OnMessage
  void text(String text) {
    received.add(text);
  }
}
