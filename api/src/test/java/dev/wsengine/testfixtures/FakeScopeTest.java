package dev.wsengine.testfixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture is what the dispatcher tests trust to catch over-reading, so it is tested too. */
class FakeScopeTest {

  @Test
  void unsuppliedAccessorThrowsNamingIt_andTheReadIsRecorded() {
    FakeScope scope = FakeScope.empty();

    IllegalStateException thrown = assertThrows(IllegalStateException.class, scope::connection);

    assertEquals("connection() is not available in this callback", thrown.getMessage());
    assertEquals(List.of("connection"), scope.reads());
  }

  @Test
  void suppliedValuesAreReturned_nullIncluded_andReadsRecordedInOrder() {
    IllegalStateException error = new IllegalStateException("boom");
    FakeScope scope = FakeScope.empty().closeStatus(null).error(error);

    assertNull(scope.closeStatus());
    assertSame(error, scope.error());
    assertSame(error, scope.error());
    assertThrows(IllegalStateException.class, scope::control);

    assertEquals(List.of("closeStatus", "error", "error", "control"), scope.reads());
  }

  @Test
  void everyAccessorHasItsSetter() {
    CloseStatus status = CloseStatus.NORMAL;
    FakeScope scope =
        FakeScope.empty()
            .connection(null)
            .control(null)
            .openInfo(null)
            .closeStatus(status)
            .error(null)
            .restartAttempt(null);

    assertNull(scope.connection());
    assertNull(scope.control());
    assertNull(scope.openInfo());
    assertSame(status, scope.closeStatus());
    assertNull(scope.error());
    assertNull(scope.restartAttempt());
  }
}
