package dev.wsengine;

import java.util.Objects;

/**
 * What an {@link OnOpen} method knows about the connection being opened: whether this is a
 * reconnect, which attempt succeeded, and the server's handshake answer.
 *
 * <p>Immutable; valid for the whole session.
 */
public final class OpenInfo {
  private final boolean restarting;
  private final int attempt;
  private final Handshake handshake;

  private OpenInfo(boolean restarting, int attempt, Handshake handshake) {
    this.restarting = restarting;
    this.attempt = attempt;
    this.handshake = handshake;
  }

  /** The first open of a {@code start()}: not restarting, attempt 1. */
  public static OpenInfo first(Handshake handshake) {
    return new OpenInfo(false, 1, Objects.requireNonNull(handshake, "handshake"));
  }

  /**
   * An open during a reconnect.
   *
   * @param attempt the number of the reconnect attempt that succeeded, from 1
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public static OpenInfo restart(int attempt, Handshake handshake) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1; got " + attempt);
    }
    return new OpenInfo(true, attempt, Objects.requireNonNull(handshake, "handshake"));
  }

  /** True when the engine is reconnecting after a lost connection or {@code restart()}. */
  public boolean restarting() {
    return restarting;
  }

  /**
   * Which attempt this is: 1 for the first open of {@code start()}; while restarting, the number of
   * the reconnect attempt that succeeded (1 when the first retry worked).
   */
  public int attempt() {
    return attempt;
  }

  /** The server's answer to the opening handshake. */
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenInfo that
        && restarting == that.restarting
        && attempt == that.attempt
        && handshake.equals(that.handshake);
  }

  @Override
  public int hashCode() {
    return Objects.hash(restarting, attempt, handshake);
  }

  @Override
  public String toString() {
    return "OpenInfo[restarting=" + restarting + ", attempt=" + attempt + ", " + handshake + "]";
  }
}
