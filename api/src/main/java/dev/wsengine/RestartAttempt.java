package dev.wsengine;

import java.util.Objects;

/**
 * A failed attempt to reconnect, as {@link OnRestartError} sees it.
 *
 * <p>Immutable; valid only during the {@link OnRestartError} call that received it (it is not
 * updated by later attempts).
 */
public final class RestartAttempt {
  private final int number;
  private final Throwable error;

  private RestartAttempt(int number, Throwable error) {
    this.number = number;
    this.error = error;
  }

  /**
   * A failed attempt.
   *
   * @param number which attempt failed, from 1
   * @param error why it failed
   * @throws IllegalArgumentException if {@code number} is less than 1
   */
  public static RestartAttempt of(int number, Throwable error) {
    if (number < 1) {
      throw new IllegalArgumentException("number must be at least 1; got " + number);
    }
    return new RestartAttempt(number, Objects.requireNonNull(error, "error"));
  }

  /** Which attempt failed, counting from 1 since the connection was lost. */
  public int number() {
    return number;
  }

  /**
   * Why it failed: the dial or handshake error, the exception {@link OnOpen} threw, or a timeout.
   */
  public Throwable error() {
    return error;
  }

  @Override
  public String toString() {
    return "RestartAttempt[" + number + ", " + error + "]";
  }
}
