package dev.wsengine.docs.callbacks;

import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import java.util.concurrent.atomic.AtomicLong;

// snippet:any-message
public final class Auditor {
  private final AtomicLong textChars = new AtomicLong();
  private final AtomicLong binaryBytes = new AtomicLong();

  @OnMessage
  void any(Message message) { // text and binary
    if (message.isText()) {
      textChars.addAndGet(message.text().length());
    } else {
      binaryBytes.addAndGet(message.binary().remaining());
    }
  }
}
// end-snippet
