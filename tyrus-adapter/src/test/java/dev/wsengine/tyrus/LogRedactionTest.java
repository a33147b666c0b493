package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogRedactionTest {
  private static final URI URI_WITH_SECRETS =
      URI.create("ws://al:pw-hunter2@127.0.0.1:9/p?token=tok-hunter2");

  @Test
  void registeredSecretsAreReplacedUntilClosed() {
    LogRedaction.Registration registration =
        LogRedaction.register(
            URI_WITH_SECRETS, URI_WITH_SECRETS, Map.of("X-Pass", List.of("hunter2")));

    assertThat(LogRedaction.redact("> X-Pass: hunter2\n")).isEqualTo("> X-Pass: REDACTED\n");
    assertThat(LogRedaction.redact("Connecting to '" + URI_WITH_SECRETS + "'"))
        .isEqualTo("Connecting to 'ws://REDACTED@127.0.0.1:9/p?token=REDACTED'");
    registration.close();
    assertThat(LogRedaction.redact("> X-Pass: hunter2\n")).isEqualTo("> X-Pass: hunter2\n");
  }

  @Test
  void anExpiringRegistrationStaysUntilItsTime() {
    LogRedaction.Registration soon =
        LogRedaction.register(
            URI.create("ws://h/?a=s3cret-a"), URI.create("ws://h/?a=s3cret-a"), Map.of());
    LogRedaction.Registration later =
        LogRedaction.register(
            URI.create("ws://h/?b=s3cret-b"), URI.create("ws://h/?b=s3cret-b"), Map.of());

    soon.closeAfter(Duration.ZERO);
    later.closeAfter(Duration.ofMinutes(5));

    assertThat(LogRedaction.redact("s3cret-a s3cret-b")).isEqualTo("s3cret-a REDACTED");
    later.close();
  }

  @Test
  void theFilterRedactsRecordsMessagesParametersAndExceptionChains() {
    Logger tyrus =
        Logger.getLogger("org.glassfish.tyrus.container.grizzly.client.GrizzlyClientSocket");
    try (LogRedaction.Registration registration =
        LogRedaction.register(
            URI_WITH_SECRETS,
            URI_WITH_SECRETS,
            Map.of("Authorization", List.of("Bearer tok-123")))) {
      LogRecord record = new LogRecord(Level.CONFIG, "Connecting to {0}, Authorization: {1}");
      record.setParameters(new Object[] {URI_WITH_SECRETS, "Bearer tok-123", 42});
      IOException cause = new IOException("bad tok-123 for " + URI_WITH_SECRETS);
      IllegalStateException thrown = new IllegalStateException("failed", cause);
      thrown.addSuppressed(new IOException("also pw-hunter2"));
      record.setThrown(thrown);

      assertThat(tyrus.getFilter().isLoggable(record)).isTrue();

      assertThat(record.getParameters())
          .asList()
          .containsExactly("ws://REDACTED@127.0.0.1:9/p?token=REDACTED", "REDACTED", 42)
          .inOrder();
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).startsWith("java.lang.IllegalStateException: failed\n\tat ");
      assertThat(trace.toString())
          .contains(
              "Caused by: java.io.IOException: bad REDACTED for ws://REDACTED@127.0.0.1:9/p?token=REDACTED");
      assertThat(trace.toString()).contains("Suppressed: java.io.IOException: also REDACTED");
      assertThat(trace.toString()).doesNotContain("hunter2");
    }
  }

  @Test
  void aFilterSetLaterIsPutBehindOursAtTheNextConnect() {
    Logger tyrus = Logger.getLogger("org.glassfish.tyrus.client.TyrusClientEngine");
    LogRedaction.register(URI.create("ws://h/"), URI.create("ws://h/"), Map.of()).close();
    Filter before = tyrus.getFilter();
    Filter users = record -> true;
    try {
      tyrus.setFilter(users);
      try (LogRedaction.Registration registration =
          LogRedaction.register(
              URI.create("ws://h/?k=s3cret-k"), URI.create("ws://h/?k=s3cret-k"), Map.of())) {
        LogRecord record = new LogRecord(Level.FINE, "GET ws://h/?k=s3cret-k");

        assertThat(tyrus.getFilter()).isNotSameInstanceAs(users);
        assertThat(tyrus.getFilter().isLoggable(record)).isTrue();
        assertThat(record.getMessage()).isEqualTo("GET ws://h/?k=REDACTED");
      }
    } finally {
      tyrus.setFilter(before);
    }
  }
}
