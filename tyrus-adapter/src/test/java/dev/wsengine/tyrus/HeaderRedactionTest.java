package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HeaderRedactionTest {
  @Test
  void registeredValuesAreReplacedUntilClosed() {
    HeaderRedaction.Registration registration = HeaderRedaction.register(List.of("hunter2", ""));

    assertThat(HeaderRedaction.redact("X-Pass: hunter2\n")).isEqualTo("X-Pass: <redacted>\n");
    registration.close();
    assertThat(HeaderRedaction.redact("X-Pass: hunter2\n")).isEqualTo("X-Pass: hunter2\n");
  }

  @Test
  void anExpiringRegistrationStaysUntilItsTime() {
    HeaderRedaction.Registration soon = HeaderRedaction.register(List.of("s3cret-a"));
    HeaderRedaction.Registration later = HeaderRedaction.register(List.of("s3cret-b"));

    soon.closeAfter(Duration.ZERO);
    later.closeAfter(Duration.ofMinutes(5));

    assertThat(HeaderRedaction.redact("s3cret-a s3cret-b")).isEqualTo("s3cret-a <redacted>");
    later.close();
  }

  @Test
  void theFilterRedactsTyrussRecordsBeforeAnyHandlerSeesThem() {
    Logger tyrus = Logger.getLogger("org.glassfish.tyrus.client.TyrusClientEngine");
    try (HeaderRedaction.Registration registration = HeaderRedaction.register(List.of("tok-123"))) {
      LogRecord record = new LogRecord(Level.FINE, "Authorization: {0}");
      record.setParameters(new Object[] {"Bearer tok-123"});
      record.setThrown(new IllegalStateException("bad tok-123"));

      assertThat(tyrus.getFilter().isLoggable(record)).isTrue();

      assertThat(record.getParameters()).asList().containsExactly("Bearer <redacted>");
      assertThat(record.getThrown()).hasMessageThat().isEqualTo("java.lang.IllegalStateException: bad <redacted>");
    }
  }
}
