package dev.wsengine.example.echo;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the first {@code limit} spans that end, in memory, for {@link SpanTreePrinter}. Later spans
 * are dropped, so a client left running for days holds no more than that.
 *
 * <p>Threads: spans end on any thread; {@link #spans()} may be called from any thread.
 */
final class SpanRecorder implements SpanProcessor {
  private final int limit;

  /** Guarded by itself. */
  private final List<SpanData> spans = new ArrayList<>();

  SpanRecorder(int limit) {
    this.limit = limit;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    synchronized (spans) {
      if (spans.size() < limit) {
        spans.add(span.toSpanData());
      }
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** The spans recorded so far, in the order they ended. */
  List<SpanData> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }
}
