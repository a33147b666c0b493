package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.testing.RecordingHandler;
import java.util.List;
import java.util.UUID;

/**
 * Which session each {@code @OnOpen} and {@code @OnClose} of a {@link RecordingHandler} belonged to
 * (by {@code Connection.sessionId()}), so a test can check "OnClose exactly once per session, and a
 * new id for every session".
 *
 * <p>A session counts as opened once {@code @OnOpen} returned normally: an {@code @OnOpen} that
 * threw did not open one (and gets no {@code @OnClose}). The handler records both; this reads them.
 */
final class SessionLog {
  private RecordingHandler handler;

  /** Reads the sessions of {@code handler}; call it before the assertions, any time. */
  SessionLog track(RecordingHandler handler) {
    this.handler = handler;
    return this;
  }

  /** The ids of the sessions opened so far, in order. */
  List<UUID> opened() {
    return handler().openedSessions();
  }

  /** The ids of the sessions {@code @OnClose} ran for, in order, one entry per call. */
  List<UUID> closed() {
    return handler().closedSessions();
  }

  /**
   * Every session had its own id and got exactly one {@code @OnClose}, in the order they opened.
   * Call it once the engine has stopped.
   */
  void assertEachSessionClosedOnce(int sessions) {
    List<UUID> opened = opened();
    assertThat(opened).hasSize(sessions);
    assertThat(opened).containsNoDuplicates();
    assertThat(closed()).containsExactlyElementsIn(opened).inOrder();
  }

  private RecordingHandler handler() {
    if (handler == null) {
      throw new AssertionError("SessionLog.track(handler) was not called");
    }
    return handler;
  }
}
