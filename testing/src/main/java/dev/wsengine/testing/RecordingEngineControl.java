package dev.wsengine.testing;

import dev.wsengine.EngineControl;
import dev.wsengine.Pause;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EngineControl} that records which of its methods were called, for testing a handler's
 * methods directly, without an engine:
 *
 * <pre>{@code
 * RecordingEngineControl control = new RecordingEngineControl();
 * handler.onReadError(new IOException("boom"), control);
 * assertThat(control.calls()).containsExactly(RecordingEngineControl.Call.RESTART);
 * }</pre>
 *
 * <p>It records each {@link #restart()}, {@link #exit()} and {@link #pause()}, and the first {@link
 * Pause#close()} of each pause it returned ({@link Call#RESUME}; closing a pause again does
 * nothing, as the engine's does). It only records: a restart or exit changes nothing, and {@link
 * #pause()} never blocks and never throws, whatever was called before.
 *
 * <p>Threads: every method, and the returned pauses' {@code close}, may be called from any thread,
 * so a handler may call it from engine or executor threads while the test reads what was recorded.
 * Calls are recorded in the order in which they took this object's lock. To wait for calls made on
 * another thread, use {@link Await}: {@code Await.until(() -> control.calls().contains(Call.EXIT),
 * timeout, "exit")}.
 */
public final class RecordingEngineControl implements EngineControl {
  /** A method called on a {@link RecordingEngineControl}, or on a pause it returned. */
  public enum Call {
    /** {@link EngineControl#restart()}. */
    RESTART,
    /** {@link EngineControl#exit()}. */
    EXIT,
    /** {@link EngineControl#pause()}. */
    PAUSE,
    /** The first {@link Pause#close()} of a pause from {@link EngineControl#pause()}. */
    RESUME
  }

  // Guards calls and openPauses; held only to update or copy them.
  private final Object lock = new Object();

  /** Guarded by lock. */
  private final List<Call> calls = new ArrayList<>();

  /** Guarded by lock. Pauses returned and not yet closed. */
  private int openPauses;

  /** A control with nothing recorded. */
  public RecordingEngineControl() {}

  /** Every call, in order. A snapshot: later calls do not show in it. */
  public List<Call> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /**
   * Whether a pause returned by {@link #pause()} is still open: after the code under test returns,
   * false means it closed every pause it took.
   */
  public boolean isPaused() {
    synchronized (lock) {
      return openPauses > 0;
    }
  }

  /** Records {@link Call#RESTART}. */
  @Override
  public void restart() {
    synchronized (lock) {
      calls.add(Call.RESTART);
    }
  }

  /** Records {@link Call#EXIT}. */
  @Override
  public void exit() {
    synchronized (lock) {
      calls.add(Call.EXIT);
    }
  }

  /**
   * Records {@link Call#PAUSE} and returns at once a pause whose first {@link Pause#close()}
   * records {@link Call#RESUME}.
   */
  @Override
  public Pause pause() {
    synchronized (lock) {
      calls.add(Call.PAUSE);
      openPauses++;
    }
    return new RecordedPause();
  }

  /** The calls so far; for failure messages. */
  @Override
  public String toString() {
    return "RecordingEngineControl" + calls();
  }

  private final class RecordedPause implements Pause {
    /** Guarded by lock (the control's). */
    private boolean closed;

    @Override
    public void close() {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        openPauses--;
        calls.add(Call.RESUME);
      }
    }

    @Override
    public String toString() {
      synchronized (lock) {
        return closed ? "Pause[closed]" : "Pause[open]";
      }
    }
  }
}
