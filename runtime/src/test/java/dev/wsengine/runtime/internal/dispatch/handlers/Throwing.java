package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.OnRestartError;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Every callback throws what the test gave it: checked, unchecked or an error. */
public final class Throwing {
  private final Throwable failure;

  public Throwing(Throwable failure) {
    this.failure = failure;
  }

  @OnOpen
  void opened() throws Exception {
    throw cast(failure);
  }

  @OnMessage
  void text(String text) throws IOException {
    throw cast(failure);
  }

  @OnMessage
  String binary(ByteBuffer buffer) throws Exception {
    throw cast(failure);
  }

  @OnClose
  void closed() throws Exception {
    throw cast(failure);
  }

  @OnReadError
  void readFailed() throws Exception {
    throw cast(failure);
  }

  @OnCloseError
  void closeFailed() throws Exception {
    throw cast(failure);
  }

  @OnRestartError
  void restartFailed() throws Exception {
    throw cast(failure);
  }

  /** Throws {@code failure} as it is, whatever it is, so that a test sees it unwrapped. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T cast(Throwable failure) throws T {
    throw (T) failure;
  }
}
