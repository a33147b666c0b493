package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.CloseStatus;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import org.junit.jupiter.api.Test;

/** The mapping from what Tyrus reports to what the engine sees (the table in docs/tyrus.md). */
class CloseStatusesTest {
  @Test
  void aServerStatusIsKeptAsItCame() {
    assertThat(CloseStatuses.fromTyrus(new CloseReason(CloseCodes.getCloseCode(4001), "bye")))
        .isEqualTo(CloseStatus.received(4001, "bye"));
    assertThat(CloseStatuses.fromTyrus(new CloseReason(CloseCodes.NORMAL_CLOSURE, null)))
        .isEqualTo(CloseStatus.NORMAL);
  }

  @Test
  void aDeadLinkIs1006WithoutTyrussReason() {
    assertThat(
            CloseStatuses.fromTyrus(
                new CloseReason(CloseCodes.CLOSED_ABNORMALLY, "Closed abnormally.")))
        .isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
  }

  @Test
  void tyrussFrameBufferOverflowIs1009() {
    CloseStatus status =
        CloseStatuses.fromTyrus(
            new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "Buffer overflow."));

    assertThat(status.code()).isEqualTo(1009);
    assertThat(CloseStatuses.fromTyrus(new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "oops")))
        .isEqualTo(CloseStatus.received(1011, "oops"));
  }

  @Test
  void aCodeNoStatusMayCarryIsAProtocolError() {
    // Tyrus's own CloseCodes refuses such codes; a CloseCode of anyone's making does not.
    assertThat(CloseStatuses.fromTyrus(new CloseReason(() -> 999, "x")))
        .isEqualTo(CloseStatus.received(1002, "close code 999"));
    assertThat(CloseStatuses.fromTyrus(new CloseReason(() -> 5000, "x")).code()).isEqualTo(1002);
  }

  @Test
  void toTyrusKeepsCodeAndReason() {
    CloseReason reason = CloseStatuses.toTyrus(CloseStatus.of(4100, "why"));

    assertThat(reason.getCloseCode().getCode()).isEqualTo(4100);
    assertThat(reason.getReasonPhrase()).isEqualTo("why");
  }
}
