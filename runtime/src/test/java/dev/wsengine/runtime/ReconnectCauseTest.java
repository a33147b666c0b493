package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.runtime.ReconnectPolicy.Action;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * docs/reconnect.md "Why the connection is gone": the default cause table of {@link
 * ReconnectPolicy#actionFor}, row by row; overriding rows; bad codes; {@link Outage} and its {@code
 * Retry-After}.
 */
class ReconnectCauseTest {
  private static final ExponentialBackoff DEFAULT =
      ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** 2015-10-21 07:28:00 UTC, the wall clock of the tests that give one. */
  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  private static Outage closed(int code) {
    return Outage.closed(CloseStatus.received(code, ""));
  }

  private static Outage refused(int status, Map<String, List<String>> headers) {
    return Outage.failed(new HandshakeException(status, "", null, headers), 2, NOW);
  }

  private static Outage refused(int status) {
    return refused(status, Map.of());
  }

  // ------------------------------------------------------------------ the default table

  @Test
  void closes1000_1001_1012_reconnect() {
    for (int code : new int[] {1000, 1001, 1012}) {
      assertThat(DEFAULT.actionFor(closed(code))).isEqualTo(Action.RECONNECT);
    }
  }

  @Test
  void close1013_backsOff() {
    assertThat(DEFAULT.actionFor(closed(1013))).isEqualTo(Action.BACK_OFF);
  }

  @Test
  void closes1003_1007_1008_1009_stop() {
    for (int code : new int[] {1003, 1007, 1008, 1009}) {
      assertThat(DEFAULT.actionFor(closed(code))).isEqualTo(Action.STOP);
    }
  }

  @Test
  void otherCloses_backOff() {
    for (int code : new int[] {1002, 1005, 1006, 1010, 1011, 1014, 3000, 4001, 4999}) {
      assertThat(DEFAULT.actionFor(closed(code))).isEqualTo(Action.BACK_OFF);
    }
  }

  @Test
  void http429And503_backOff() {
    assertThat(DEFAULT.actionFor(refused(429))).isEqualTo(Action.BACK_OFF);
    assertThat(DEFAULT.actionFor(refused(503))).isEqualTo(Action.BACK_OFF);
  }

  @Test
  void http401_403_404_stop() {
    for (int status : new int[] {401, 403, 404}) {
      assertThat(DEFAULT.actionFor(refused(status))).isEqualTo(Action.STOP);
    }
  }

  @Test
  void otherStatusesAndErrors_backOff() {
    for (int status : new int[] {400, 302, 500, 502, 504}) {
      assertThat(DEFAULT.actionFor(refused(status))).isEqualTo(Action.BACK_OFF);
    }
    assertThat(DEFAULT.actionFor(Outage.failed(new ConnectException("refused"))))
        .isEqualTo(Action.BACK_OFF);
    assertThat(DEFAULT.actionFor(Outage.failed(new TimeoutException("openTimeout"))))
        .isEqualTo(Action.BACK_OFF);
    assertThat(DEFAULT.actionFor(Outage.failed(new IllegalStateException("@OnOpen threw"))))
        .isEqualTo(Action.BACK_OFF);
  }

  @Test
  void aHandshakeExceptionInTheCauses_countsAsTheRefusal() {
    Outage wrapped =
        Outage.failed(new IOException("wrapped", new HandshakeException(401, "Unauthorized")));

    assertThat(wrapped.httpStatus().getAsInt()).isEqualTo(401);
    assertThat(DEFAULT.actionFor(wrapped)).isEqualTo(Action.STOP);
  }

  @Test
  void aCustomPolicyWithOnlyTheTwoMethods_getsTheDefaultTable() {
    ReconnectPolicy custom =
        new ReconnectPolicy() {
          @Override
          public Optional<Duration> delayBefore(int attempt) {
            return Optional.of(Duration.ofSeconds(attempt));
          }

          @Override
          public Duration resetAfter() {
            return Duration.ZERO;
          }
        };

    assertThat(custom.actionFor(closed(1012))).isEqualTo(Action.RECONNECT);
    assertThat(custom.actionFor(closed(1008))).isEqualTo(Action.STOP);
    assertThat(custom.actionFor(refused(503))).isEqualTo(Action.BACK_OFF);
  }

  @Test
  void never_stopsForEverything() {
    ReconnectPolicy never = ReconnectPolicy.never();

    for (Outage outage :
        List.of(closed(1000), closed(1012), closed(1006), refused(503), refused(200))) {
      assertThat(never.actionFor(outage)).isEqualTo(Action.STOP);
    }
    assertThat(never.actionFor(Outage.failed(new IOException("down")))).isEqualTo(Action.STOP);
  }

  // ------------------------------------------------------------------ overriding rows

  @Test
  void onClose_overridesOneRowAndDelegatesTheRest() {
    ExponentialBackoff base = DEFAULT.withMaxAttempts(3).withResetAfter(Duration.ofSeconds(7));
    ReconnectPolicy policy =
        base.onClose(4001, Action.STOP).onClose(1012, Action.BACK_OFF).onClose(1008, Action.STOP);

    assertThat(policy.actionFor(closed(4001))).isEqualTo(Action.STOP);
    assertThat(policy.actionFor(closed(1012))).isEqualTo(Action.BACK_OFF);
    assertThat(policy.actionFor(closed(1000))).isEqualTo(Action.RECONNECT);
    assertThat(policy.actionFor(closed(4002))).isEqualTo(Action.BACK_OFF);
    assertThat(policy.actionFor(refused(401))).isEqualTo(Action.STOP);
    assertThat(policy.delayBefore(2)).isEqualTo(base.delayBefore(2));
    assertThat(policy.delayBefore(4)).isEmpty();
    assertThat(policy.resetAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void onHttpStatus_overridesOneRowAndDelegatesTheRest() {
    ReconnectPolicy policy =
        DEFAULT.onHttpStatus(401, Action.BACK_OFF).onHttpStatus(500, Action.STOP);

    assertThat(policy.actionFor(refused(401))).isEqualTo(Action.BACK_OFF);
    assertThat(policy.actionFor(refused(500))).isEqualTo(Action.STOP);
    assertThat(policy.actionFor(refused(403))).isEqualTo(Action.STOP);
    assertThat(policy.actionFor(closed(1008))).isEqualTo(Action.STOP);
    assertThat(policy.actionFor(closed(1012))).isEqualTo(Action.RECONNECT);
  }

  @Test
  void theLastRuleForACodeWins() {
    ReconnectPolicy policy = DEFAULT.onClose(1012, Action.STOP).onClose(1012, Action.BACK_OFF);

    assertThat(policy.actionFor(closed(1012))).isEqualTo(Action.BACK_OFF);
  }

  @Test
  void rulesOnNever_canMakeItReconnectForOneRowButItsDelaysStillGiveUp() {
    ReconnectPolicy policy = ReconnectPolicy.never().onClose(1012, Action.RECONNECT);

    assertThat(policy.actionFor(closed(1012))).isEqualTo(Action.RECONNECT);
    assertThat(policy.actionFor(closed(1000))).isEqualTo(Action.STOP);
    assertThat(policy.delayBefore(1)).isEmpty();
  }

  @Test
  void badCloseCodes_areRejectedNamingTheValueAndTheRange() {
    for (int code : new int[] {999, 5000, -1, 0}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DEFAULT.onClose(code, Action.STOP));
      assertThat(e).hasMessageThat().isEqualTo("close code must be within 1000-4999; got " + code);
    }
  }

  @Test
  void badHttpStatuses_areRejectedNamingTheValueAndTheRange() {
    for (int status : new int[] {99, 600, -1, 0}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> DEFAULT.onHttpStatus(status, Action.STOP));
      assertThat(e).hasMessageThat().isEqualTo("HTTP status must be within 100-599; got " + status);
    }
  }

  @Test
  void aNullAction_isRejected() {
    assertThrows(NullPointerException.class, () -> DEFAULT.onClose(1000, null));
    assertThrows(NullPointerException.class, () -> DEFAULT.onHttpStatus(503, null));
  }

  @Test
  void rulesSayWhatTheyAreInToString() {
    assertThat(ReconnectPolicy.never().onHttpStatus(503, Action.BACK_OFF).toString())
        .isEqualTo("ReconnectPolicy.never().onHttpStatus(503, BACK_OFF)");
  }

  // ------------------------------------------------------------------ Outage

  @Test
  void closedOutage_hasTheStatusAndAttempt0() {
    Outage outage = Outage.closed(CloseStatus.of(1012, "restarting"));

    assertThat(outage.closeStatus()).hasValue(CloseStatus.of(1012, "restarting"));
    assertThat(outage.error()).isEmpty();
    assertThat(outage.httpStatus().isPresent()).isFalse();
    assertThat(outage.headers()).isEmpty();
    assertThat(outage.retryAfter()).isEmpty();
    assertThat(outage.attempt()).isEqualTo(0);
    assertThat(outage.toString()).isEqualTo("Outage[closed 1012 \"restarting\"]");
  }

  @Test
  void failedOutage_hasTheErrorStatusAndHeaders() {
    HandshakeException refused =
        new HandshakeException(
            503, "", null, Map.of("Retry-After", List.of("5"), "Set-Cookie", List.of("secret")));
    Outage outage = Outage.failed(refused, 3);

    assertThat(outage.closeStatus()).isEmpty();
    assertThat(outage.error()).hasValue(refused);
    assertThat(outage.httpStatus().getAsInt()).isEqualTo(503);
    assertThat(outage.headers()).containsKey("Set-Cookie");
    assertThat(outage.retryAfter()).hasValue(Duration.ofSeconds(5));
    assertThat(outage.attempt()).isEqualTo(3);
    assertThat(outage.toString()).isEqualTo("Outage[attempt 3 failed: HTTP 503, Retry-After PT5S]");
    assertThat(outage.toString()).doesNotContain("secret");
  }

  @Test
  void failedOutageOfAnIoError_namesItsType() {
    Outage outage = Outage.failed(new ConnectException("refused"));

    assertThat(outage.attempt()).isEqualTo(1);
    assertThat(outage.httpStatus().isPresent()).isFalse();
    assertThat(outage.toString()).isEqualTo("Outage[attempt 1 failed: java.net.ConnectException]");
  }

  @Test
  void badOutageArguments_areRejected() {
    assertThrows(NullPointerException.class, () -> Outage.closed(null));
    assertThrows(NullPointerException.class, () -> Outage.failed(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Outage.failed(new IOException("x"), 0));
    assertThat(e).hasMessageThat().isEqualTo("attempt must be at least 1; got 0");
  }

  // ------------------------------------------------------------------ Retry-After

  private static Optional<Duration> retryAfter(String... headers) {
    Map<String, List<String>> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return refused(503, map).retryAfter();
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(retryAfter("Retry-After", "120")).hasValue(Duration.ofSeconds(120));
    assertThat(retryAfter("retry-after", " 0 ")).hasValue(Duration.ZERO);
  }

  @Test
  void retryAfterAsAnHttpDate_isRelativeToTheResponsesDate() {
    assertThat(
            retryAfter(
                "Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT",
                "Date", "Wed, 21 Oct 2015 07:20:00 GMT"))
        .hasValue(Duration.ofSeconds(510));
  }

  @Test
  void retryAfterAsAnHttpDate_withoutADate_isRelativeToTheWallClock() {
    assertThat(retryAfter("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"))
        .hasValue(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterAsAnHttpDate_withAnUnparsableDate_isRelativeToTheWallClock() {
    assertThat(retryAfter("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT", "Date", "yesterday"))
        .hasValue(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterInThePast_isZero() {
    assertThat(retryAfter("Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT")).hasValue(Duration.ZERO);
  }

  @Test
  void garbageRetryAfter_isEmpty() {
    for (String garbage :
        new String[] {"", "soon", "-5", "1.5", "99999999999999999999999", "21 Oct 2015"}) {
      assertThat(retryAfter("Retry-After", garbage)).isEmpty();
    }
    assertThat(retryAfter()).isEmpty();
    assertThat(Outage.closed(CloseStatus.of(1013, "later")).retryAfter()).isEmpty();
  }
}
