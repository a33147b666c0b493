package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry SDK that keeps everything in memory for a test: finished spans (exported
 * synchronously as each ends), metrics (collected on demand, cumulative), and which spans were
 * started but not ended.
 */
final class TelemetryRecorder {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final StartOrder order = new StartOrder();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(order)
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** A tracer for the test's own spans ("the handler's code"), from the same SDK. */
  Tracer tracer() {
    return sdk.getTracer("test");
  }

  void close() {
    sdk.close();
  }

  // ------------------------------------------------------------------ spans

  /** Every span ended so far, in the order they started. */
  List<SpanData> spans() {
    Map<String, Integer> started = order.startedIndex();
    List<SpanData> all = new ArrayList<>(spans.getFinishedSpanItems());
    all.sort(Comparator.comparing(s -> started.getOrDefault(s.getSpanId(), Integer.MAX_VALUE)));
    return all;
  }

  /** The ended spans named {@code name}, in the order they started. */
  List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /** The only ended span named {@code name}. */
  SpanData span(String name) {
    List<SpanData> found = spans(name);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  SpanData spanWith(String name, Predicate<SpanData> filter) {
    List<SpanData> found = spans(name).stream().filter(filter).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** The ended span with this id. */
  Optional<SpanData> byId(String spanId) {
    return spans().stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
  }

  /** The children of {@code parent} that ended, in the order they started. */
  List<SpanData> children(SpanData parent) {
    return spans().stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .filter(s -> s.getTraceId().equals(parent.getTraceId()))
        .toList();
  }

  /**
   * The ended spans as a forest, one line per span ({@code name KIND}), children indented under
   * their parent, roots and siblings in the order they started.
   */
  List<String> tree() {
    List<SpanData> all = spans();
    Map<String, SpanData> byId = new HashMap<>();
    all.forEach(s -> byId.put(s.getSpanId(), s));
    Map<String, List<SpanData>> children = new LinkedHashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData span : all) {
      if (SpanId.isValid(span.getParentSpanId()) && byId.containsKey(span.getParentSpanId())) {
        children.computeIfAbsent(span.getParentSpanId(), k -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    List<String> lines = new ArrayList<>();
    roots.forEach(root -> render(root, "", children, lines));
    return lines;
  }

  private static void render(
      SpanData span, String indent, Map<String, List<SpanData>> children, List<String> lines) {
    lines.add(indent + span.getName() + " " + span.getKind());
    for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
      render(child, indent + "  ", children, lines);
    }
  }

  /** Names of spans started and not (yet) ended. */
  List<String> unended() {
    return order.unended();
  }

  /** Fails unless every span started has ended. */
  void assertAllEnded() {
    assertThat(unended()).isEmpty();
  }

  /** How many spans were started so far. */
  int startedCount() {
    return order.startedIndex().size();
  }

  /** Records the order spans start in, and which have not ended. */
  private static final class StartOrder implements SpanProcessor {
    private final Map<String, Integer> started = new HashMap<>();
    private final Map<String, String> open = new LinkedHashMap<>();

    @Override
    public synchronized void onStart(Context parentContext, ReadWriteSpan span) {
      started.put(span.getSpanContext().getSpanId(), started.size());
      open.put(span.getSpanContext().getSpanId(), span.getName());
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
      open.remove(span.getSpanContext().getSpanId());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    synchronized Map<String, Integer> startedIndex() {
      return new HashMap<>(started);
    }

    synchronized List<String> unended() {
      return List.copyOf(open.values());
    }
  }

  // ------------------------------------------------------------------ metrics

  /** Every metric, collected now, by name. */
  Map<String, MetricData> metrics() {
    return metrics.collectAllMetrics().stream()
        .collect(Collectors.toMap(MetricData::getName, m -> m, (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * The value of a counter or up/down counter for exactly these attributes; 0 if never recorded.
   */
  static long sum(Map<String, MetricData> metrics, String name, Attributes attributes) {
    MetricData metric = metrics.get(name);
    if (metric == null) {
      return 0;
    }
    return metric.getLongSumData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  /** The histogram point of {@code name} for exactly these attributes. */
  static HistogramPointData histogram(
      Map<String, MetricData> metrics, String name, Attributes attributes) {
    MetricData metric = metrics.get(name);
    assertThat(metric).isNotNull();
    List<HistogramPointData> points =
        metric.getHistogramData().getPoints().stream()
            .filter(p -> p.getAttributes().equals(attributes))
            .toList();
    assertThat(points).hasSize(1);
    return points.get(0);
  }
}
