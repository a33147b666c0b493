package dev.wsengine;

import java.util.Objects;

/**
 * The status of a WebSocket close: a code and a reason (RFC 6455, section 7.4).
 *
 * <p>{@link #of(int, String)} builds a status this side may send and checks it: the code must be
 * one an endpoint may put in a close frame (1000–1003, 1007–1014, 3000–4999) and the reason at most
 * {@value #MAX_REASON_BYTES} bytes in UTF-8. {@link #received(int, String)} is for transports
 * reporting what happened, which includes the codes that are never sent (1005, 1006, 1015).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class CloseStatus {
  /** The longest reason a close frame can carry, in UTF-8 bytes (125 minus the 2-byte code). */
  public static final int MAX_REASON_BYTES = 123;

  /** 1000: the purpose of the connection has been fulfilled. */
  public static final CloseStatus NORMAL = new CloseStatus(1000, "");

  /** 1001: the endpoint is going away; what this engine sends when a handler returns none. */
  public static final CloseStatus GOING_AWAY = new CloseStatus(1001, "");

  /** 1002: the peer violated the protocol. */
  public static final CloseStatus PROTOCOL_ERROR = new CloseStatus(1002, "");

  /** 1003: a message of a type the endpoint cannot accept. */
  public static final CloseStatus UNSUPPORTED_DATA = new CloseStatus(1003, "");

  /** 1005: the close frame carried no status. Reported only, never sent. */
  public static final CloseStatus NO_STATUS_RECEIVED = new CloseStatus(1005, "");

  /** 1006: the connection ended without a close frame. Reported only, never sent. */
  public static final CloseStatus ABNORMAL_CLOSURE = new CloseStatus(1006, "");

  /** 1007: a message's data did not match its type, such as invalid UTF-8 in a text message. */
  public static final CloseStatus INVALID_PAYLOAD = new CloseStatus(1007, "");

  /** 1008: a message violated the endpoint's policy. */
  public static final CloseStatus POLICY_VIOLATION = new CloseStatus(1008, "");

  /** 1009: a message was too big to process. */
  public static final CloseStatus MESSAGE_TOO_BIG = new CloseStatus(1009, "");

  /** 1010: the server did not negotiate an extension the client requires. */
  public static final CloseStatus MANDATORY_EXTENSION = new CloseStatus(1010, "");

  /** 1011: the endpoint met an unexpected condition. */
  public static final CloseStatus INTERNAL_ERROR = new CloseStatus(1011, "");

  /** 1012: the service is restarting. */
  public static final CloseStatus SERVICE_RESTART = new CloseStatus(1012, "");

  /** 1013: try again later. */
  public static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "");

  /** 1014: a gateway or proxy received an invalid response upstream. */
  public static final CloseStatus BAD_GATEWAY = new CloseStatus(1014, "");

  /** 1015: the TLS handshake failed. Reported only, never sent. */
  public static final CloseStatus TLS_HANDSHAKE_FAILURE = new CloseStatus(1015, "");

  private final int code;
  private final String reason;

  private CloseStatus(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  /**
   * A status to send, with an empty reason.
   *
   * @throws IllegalArgumentException if {@code code} may not be sent in a close frame
   */
  public static CloseStatus of(int code) {
    return of(code, "");
  }

  /**
   * A status to send.
   *
   * @throws IllegalArgumentException if {@code code} may not be sent in a close frame, or {@code
   *     reason} is longer than {@value #MAX_REASON_BYTES} bytes in UTF-8 or not valid text
   */
  public static CloseStatus of(int code, String reason) {
    Objects.requireNonNull(reason, "reason");
    if (!isSendable(code)) {
      throw new IllegalArgumentException(
          "close code must be one a close frame may carry (1000-1003, 1007-1014 or 3000-4999); got "
              + code
              + (isReportedOnly(code) ? ", which is reported by a transport and never sent" : ""));
    }
    checkReason(reason);
    return new CloseStatus(code, reason);
  }

  /**
   * A status a transport reports: what the server sent, or what the transport observed (1005 when
   * the frame carried no code, 1006 when the link died, 1015 when TLS failed).
   *
   * @throws IllegalArgumentException if {@code code} is outside 1000–4999, or {@code reason} is
   *     longer than {@value #MAX_REASON_BYTES} bytes in UTF-8 or not valid text
   */
  public static CloseStatus received(int code, String reason) {
    Objects.requireNonNull(reason, "reason");
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("close code must be within 1000-4999; got " + code);
    }
    checkReason(reason);
    return new CloseStatus(code, reason);
  }

  /** Whether an endpoint may put {@code code} in a close frame (RFC 6455 section 7.4 and IANA). */
  public static boolean isSendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  private static boolean isReportedOnly(int code) {
    return code == 1005 || code == 1006 || code == 1015;
  }

  private static void checkReason(String reason) {
    int bytes = 0;
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < reason.length()
          && Character.isLowSurrogate(reason.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "close reason must be valid text; it has an unpaired surrogate at index " + i);
      } else {
        bytes += 3;
      }
    }
    if (bytes > MAX_REASON_BYTES) {
      throw new IllegalArgumentException(
          "close reason must be at most "
              + MAX_REASON_BYTES
              + " bytes in UTF-8; got "
              + bytes
              + " bytes ("
              + reason.length()
              + " chars)");
    }
  }

  /** The close code. */
  public int code() {
    return code;
  }

  /** The reason, empty when there is none; never null. */
  public String reason() {
    return reason;
  }

  /** Whether this status may be sent in a close frame; false for 1005, 1006 and 1015. */
  public boolean isSendable() {
    return isSendable(code);
  }

  /** This status with another reason. */
  public CloseStatus withReason(String reason) {
    return isSendable() ? of(code, reason) : received(code, reason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloseStatus that && that.code == code && that.reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return 31 * code + reason.hashCode();
  }

  @Override
  public String toString() {
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
