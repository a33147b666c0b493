package dev.wsengine.tyrus;

import dev.wsengine.CloseStatus;
import dev.wsengine.internal.Utf8;
import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.core.l10n.LocalizationMessages;

/**
 * Translates between Tyrus's {@link CloseReason} and {@link CloseStatus}, in both directions. The
 * table in {@code docs/tyrus.md} lists what each case becomes.
 */
final class CloseStatuses {
  /**
   * The reason Tyrus gives, with code 1011, when a frame does not fit its incoming buffer. We size
   * that buffer from the message limits, so this means "message too big": reported as 1009.
   */
  private static final String TYRUS_BUFFER_OVERFLOW = LocalizationMessages.BUFFER_OVERFLOW();

  private CloseStatuses() {}

  /**
   * What Tyrus reported, as the engine should see it: the server's close frame as it came; 1006
   * (with no reason) when the link died; a frame over the limit as 1009; a code outside the range a
   * status may carry as 1002, since only a protocol violation produces one.
   */
  static CloseStatus fromTyrus(CloseReason reason) {
    int code = reason.getCloseCode().getCode();
    String phrase = reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase();
    if (code == CloseStatus.ABNORMAL_CLOSURE.code()) {
      return CloseStatus.ABNORMAL_CLOSURE;
    }
    if (isFrameOverflow(reason)) {
      return tooBig("a frame did not fit the message size limit");
    }
    if (code < 1000 || code > 4999) {
      return CloseStatus.received(
          CloseStatus.PROTOCOL_ERROR.code(), Utf8.closeReason("close code " + code));
    }
    return CloseStatus.received(code, Utf8.closeReason(phrase));
  }

  /** Whether Tyrus closed because a frame overflowed its incoming buffer (its code is 1011). */
  static boolean isFrameOverflow(CloseReason reason) {
    return reason.getCloseCode().getCode() == CloseStatus.INTERNAL_ERROR.code()
        && TYRUS_BUFFER_OVERFLOW.equals(reason.getReasonPhrase());
  }

  /** 1009 with {@code reason}. */
  static CloseStatus tooBig(String reason) {
    return CloseStatus.MESSAGE_TOO_BIG.withReason(Utf8.closeReason(reason));
  }

  /** The Tyrus form of a status this side sends. */
  static CloseReason toTyrus(CloseStatus status) {
    return new CloseReason(CloseReason.CloseCodes.getCloseCode(status.code()), status.reason());
  }
}
