package dev.wsengine.processor;

import dev.wsengine.EngineControl;
import dev.wsengine.Pause;
import java.util.ArrayList;
import java.util.List;

/** An {@link EngineControl} that only records which of its methods were called. */
final class FakeEngineControl implements EngineControl {
  private final List<String> calls = new ArrayList<>();

  /** The names of the methods called, in order. */
  List<String> calls() {
    return calls;
  }

  @Override
  public void restart() {
    calls.add("restart");
  }

  @Override
  public void exit() {
    calls.add("exit");
  }

  @Override
  public Pause pause() {
    calls.add("pause");
    return () -> calls.add("resume");
  }
}
