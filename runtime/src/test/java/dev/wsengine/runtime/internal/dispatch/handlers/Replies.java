package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import java.nio.ByteBuffer;

/** Handlers that reply, with the reply a test sets (null included). */
public final class Replies {
  private Replies() {}

  /** Replies to text with text. */
  public static final class Text {
    public String reply;

    @OnMessage
    String received(String text) {
      return reply;
    }
  }

  /** Replies to binary with a byte array. */
  public static final class Bytes {
    public byte[] reply;

    @OnMessage
    byte[] received(ByteBuffer buffer) {
      return reply;
    }
  }

  /** Replies to both kinds with a buffer. */
  public static final class Buffer {
    public ByteBuffer reply;

    @OnMessage
    ByteBuffer received(Message message) {
      return reply;
    }
  }

  /**
   * Replies to text with bytes, and binary with text: the reply's type decides, not the message's.
   */
  public static final class Crossed {
    @OnMessage
    byte[] text(String text) {
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @OnMessage
    String binary(byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Returns the close status a test sets (null included). */
  public static final class Close {
    public CloseStatus reply;

    @OnClose
    CloseStatus closed(CloseStatus received) {
      return reply;
    }
  }

  /** Returns nothing from {@code @OnClose}, and records what it received. */
  public static final class VoidClose {
    private final Recorder recorder;

    public VoidClose(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnClose
    void closed(CloseStatus received) {
      recorder.record("closed", received);
    }
  }
}
