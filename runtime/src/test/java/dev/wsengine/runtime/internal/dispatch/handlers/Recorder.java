package dev.wsengine.runtime.internal.dispatch.handlers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a test handler's callbacks received: one entry per call, its label first. */
public final class Recorder {
  private final List<List<Object>> calls = new ArrayList<>();

  void record(Object... what) {
    calls.add(Arrays.asList(what));
  }

  public List<List<Object>> calls() {
    return calls;
  }
}
