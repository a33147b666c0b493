package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.CloseStatus;
import dev.wsengine.OpenInfo;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which session each {@code @OnOpen} and {@code @OnClose} of a {@link RecordingHandler} belonged
 * to (by {@code Connection.sessionId()}), so a test can check "OnClose exactly once per session,
 * and a new id for every session".
 *
 * <p>A session counts as opened once {@code @OnOpen} returned normally: an {@code @OnOpen} that
 * threw did not open one (and gets no {@code @OnClose}).
 */
final class SessionLog {
  private final List<UUID> opened = new CopyOnWriteArrayList<>();
  private final List<UUID> closed = new CopyOnWriteArrayList<>();

  /**
   * Wraps the handler's current {@code onOpen} and {@code onClose} hooks; call it after the test
   * has set its own hooks, before the engine starts.
   */
  SessionLog track(RecordingHandler handler) {
    RecordingHandler.Hook<OpenInfo> open = handler.onOpen;
    RecordingHandler.Hook<CloseStatus> close = handler.onClose;
    handler.onOpen =
        (info, connection, control) -> {
          open.run(info, connection, control);
          opened.add(connection.sessionId());
        };
    handler.onClose =
        (status, connection, control) -> {
          closed.add(connection.sessionId());
          close.run(status, connection, control);
        };
    return this;
  }

  /** The ids of the sessions opened so far, in order. */
  List<UUID> opened() {
    return List.copyOf(opened);
  }

  /** The ids of the sessions {@code @OnClose} ran for, in order, one entry per call. */
  List<UUID> closed() {
    return List.copyOf(closed);
  }

  /**
   * Every session had its own id and got exactly one {@code @OnClose}, in the order they opened.
   * Call it once the engine has stopped.
   */
  void assertEachSessionClosedOnce(int sessions) {
    assertThat(opened).hasSize(sessions);
    assertThat(opened).containsNoDuplicates();
    assertThat(closed).containsExactlyElementsIn(opened).inOrder();
  }
}
