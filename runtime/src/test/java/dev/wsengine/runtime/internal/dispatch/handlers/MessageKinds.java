package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.Connection;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import java.nio.ByteBuffer;

/** Handlers that differ in their message parameter. */
public final class MessageKinds {
  private MessageKinds() {}

  /** Text only. */
  public static final class TextOnly {
    private final Recorder recorder;

    public TextOnly(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnMessage
    void received(String text) {
      recorder.record("received", text);
    }
  }

  /** Binary only, as the buffer the engine hands over. */
  public static final class BufferOnly {
    private final Recorder recorder;

    public BufferOnly(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnMessage
    void received(ByteBuffer buffer) {
      recorder.record("received", buffer);
    }
  }

  /** Binary only, as a copy it may keep and change. */
  public static final class BytesOnly {
    private final Recorder recorder;

    public BytesOnly(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnMessage
    void received(byte[] bytes) {
      bytes[0] = 99; // the handler may change its copy
      recorder.record("received", bytes);
    }
  }

  /** Both kinds, as a {@link Message}, the message last. */
  public static final class Any {
    private final Recorder recorder;

    public Any(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnMessage
    void received(Connection connection, Message message) {
      recorder.record("received", connection, message);
    }
  }
}
