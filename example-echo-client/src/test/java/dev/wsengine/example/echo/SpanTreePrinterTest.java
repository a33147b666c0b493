package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The picture's shape, from spans made with the SDK at chosen times. */
class SpanTreePrinterTest {
  /** Span times are BASE plus a few nanoseconds. */
  private static final long BASE = 1_700_000_000_000_000_000L;

  private final SpanRecorder recorder = new SpanRecorder(100);
  private final Tracer tracer =
      SdkTracerProvider.builder().addSpanProcessor(recorder).build().get("test");

  @Test
  void drawsChildrenUnderTheirParent_withBranchesAndTimes() {
    Span read = root("websocket.read", SpanKind.CONSUMER, 0);
    read.setAttribute("websocket.message.size", 8L);
    read.setAttribute("wsengine.session.id", "s-1");
    try (Scope inRead = read.makeCurrent()) {
      Span onMessage = child("wsengine.callback.on_message", SpanKind.INTERNAL, 100_000);
      try (Scope inCallback = onMessage.makeCurrent()) {
        child("mine", SpanKind.INTERNAL, 200_000).end(at(300_000));
        child("websocket.write", SpanKind.PRODUCER, 1_000_000_000).end(at(1_000_500_000));
      }
      onMessage.end(at(2_000_000));
      child("wsengine.callback.on_read_error", SpanKind.INTERNAL, 2_100_000).end(at(2_200_000));
    }
    read.end(at(3_000_000));

    String picture = SpanTreePrinter.messageTrace(recorder.spans()).orElseThrow();

    String traceId = read.getSpanContext().getTraceId();
    assertEquals(
        String.join(
            "\n",
            "trace " + traceId + " (one received message)",
            "websocket.read [consumer]  3.00 ms  wsengine.session.id=s-1  websocket.message.size=8",
            "├─ wsengine.callback.on_message  1.90 ms  at +0.10 ms",
            "│  ├─ mine  0.10 ms  at +0.20 ms",
            "│  └─ websocket.write [producer]  0.50 ms  at +1000.00 ms",
            "└─ wsengine.callback.on_read_error  0.10 ms  at +2.10 ms",
            ""),
        picture);
  }

  @Test
  void prefersAMessageWhoseCallbackHasChildren() {
    Span first = root("websocket.read", SpanKind.CONSUMER, 0);
    try (Scope inFirst = first.makeCurrent()) {
      child("wsengine.callback.on_message", SpanKind.INTERNAL, 0).end(at(10));
    }
    first.end(at(20));
    Span second = root("websocket.read", SpanKind.CONSUMER, 100);
    try (Scope inSecond = second.makeCurrent()) {
      Span onMessage = child("wsengine.callback.on_message", SpanKind.INTERNAL, 110);
      try (Scope inCallback = onMessage.makeCurrent()) {
        child("websocket.write", SpanKind.PRODUCER, 120).end(at(130));
      }
      onMessage.end(at(140));
    }
    second.end(at(150));

    String picture = SpanTreePrinter.messageTrace(recorder.spans()).orElseThrow();

    assertEquals(
        "trace " + second.getSpanContext().getTraceId() + " (one received message)",
        picture.lines().findFirst().orElseThrow());
  }

  @Test
  void noMessageTrace_isEmpty() {
    root("wsengine.start", SpanKind.INTERNAL, 0).end(at(10));

    assertEquals(Optional.empty(), SpanTreePrinter.messageTrace(recorder.spans()));
  }

  @Test
  void recorderKeepsOnlyTheFirstSpans() {
    SpanRecorder small = new SpanRecorder(2);
    Tracer smallTracer = SdkTracerProvider.builder().addSpanProcessor(small).build().get("test");
    for (String name : List.of("one", "two", "three")) {
      smallTracer.spanBuilder(name).startSpan().end();
    }

    assertEquals(List.of("one", "two"), small.spans().stream().map(SpanData::getName).toList());
  }

  /** A span with no parent. */
  private Span root(String name, SpanKind kind, long startNanos) {
    return builder(name, kind, startNanos).setNoParent().startSpan();
  }

  /** A span under the current one. */
  private Span child(String name, SpanKind kind, long startNanos) {
    return builder(name, kind, startNanos).startSpan();
  }

  private SpanBuilder builder(String name, SpanKind kind, long startNanos) {
    return tracer
        .spanBuilder(name)
        .setSpanKind(kind)
        .setStartTimestamp(BASE + startNanos, TimeUnit.NANOSECONDS);
  }

  private static Instant at(long nanos) {
    long total = BASE + nanos;
    return java.time.Instant.ofEpochSecond(total / 1_000_000_000L, total % 1_000_000_000L);
  }
}
