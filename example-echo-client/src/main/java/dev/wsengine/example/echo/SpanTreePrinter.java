package dev.wsengine.example.echo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Draws the trace of one received message as indented text: each span's name, kind, duration, start
 * (relative to the trace's root) and attributes, children under their parent.
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736 (one received message)
 * websocket.read [consumer]  0.41 ms  wsengine.reader.id=1 wsengine.session.id=... ...
 * └─ wsengine.callback.on_message  0.12 ms  at +0.05 ms
 *    └─ websocket.write [producer]  0.30 ms  at +1000.93 ms  ...
 * </pre>
 */
final class SpanTreePrinter {
  static final String READ = "websocket.read";
  static final String ON_MESSAGE = "wsengine.callback.on_message";

  private static final Comparator<SpanData> BY_START =
      Comparator.comparingLong(SpanData::getStartEpochNanos);

  /** These attributes first, in this order (the session, then the message); the rest by name. */
  private static final List<String> FIRST_ATTRIBUTES =
      List.of(
          "wsengine.session.id",
          "wsengine.reader.id",
          "websocket.message.type",
          "websocket.message.size");

  private static final Comparator<String> ATTRIBUTE_ORDER =
      Comparator.comparingInt(SpanTreePrinter::rank).thenComparing(Comparator.naturalOrder());

  private SpanTreePrinter() {}

  /**
   * The picture of one message's trace among {@code spans}: the first one (by start) whose {@code
   * websocket.read} root has an {@code on_message} callback with spans of its own under it (such as
   * the next send), else the first with an {@code on_message} callback; empty if none.
   */
  static Optional<String> messageTrace(List<SpanData> spans) {
    Map<String, List<SpanData>> traces =
        spans.stream()
            .collect(
                Collectors.groupingBy(
                    SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
    List<List<SpanData>> messages = new ArrayList<>();
    for (List<SpanData> trace : traces.values()) {
      root(trace)
          .filter(
              root -> root.getName().equals(READ) && !children(trace, root, ON_MESSAGE).isEmpty())
          .ifPresent(root -> messages.add(trace));
    }
    messages.sort(Comparator.comparing(trace -> root(trace).orElseThrow(), BY_START));
    return messages.stream()
        .filter(SpanTreePrinter::hasNestedSpans)
        .findFirst()
        .or(() -> messages.stream().findFirst())
        .map(SpanTreePrinter::draw);
  }

  private static boolean hasNestedSpans(List<SpanData> trace) {
    SpanData root = root(trace).orElseThrow();
    return children(trace, root, ON_MESSAGE).stream()
        .anyMatch(onMessage -> !children(trace, onMessage, null).isEmpty());
  }

  private static String draw(List<SpanData> trace) {
    SpanData root = root(trace).orElseThrow();
    StringBuilder out = new StringBuilder();
    out.append("trace ").append(root.getTraceId()).append(" (one received message)\n");
    out.append(line(root, root)).append('\n');
    drawChildren(trace, root, root, "", out);
    return out.toString();
  }

  private static void drawChildren(
      List<SpanData> trace, SpanData parent, SpanData root, String indent, StringBuilder out) {
    List<SpanData> children = children(trace, parent, null);
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      SpanData child = children.get(i);
      out.append(indent).append(last ? "└─ " : "├─ ").append(line(child, root)).append('\n');
      drawChildren(trace, child, root, indent + (last ? "   " : "│  "), out);
    }
  }

  private static String line(SpanData span, SpanData root) {
    StringBuilder line = new StringBuilder(span.getName());
    if (span.getKind() != SpanKind.INTERNAL) {
      line.append(" [").append(span.getKind().name().toLowerCase(Locale.ROOT)).append(']');
    }
    line.append("  ").append(millis(span.getEndEpochNanos() - span.getStartEpochNanos()));
    if (span != root) {
      line.append("  at +").append(millis(span.getStartEpochNanos() - root.getStartEpochNanos()));
    }
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      line.append("  ERROR");
    }
    span.getAttributes().asMap().entrySet().stream()
        .sorted(
            Comparator.comparing(
                (Map.Entry<AttributeKey<?>, Object> e) -> e.getKey().getKey(), ATTRIBUTE_ORDER))
        .forEach(
            e -> line.append("  ").append(e.getKey().getKey()).append('=').append(e.getValue()));
    for (EventData event : span.getEvents()) {
      line.append("  event ").append(event.getName());
    }
    return line.toString();
  }

  private static int rank(String attribute) {
    int first = FIRST_ATTRIBUTES.indexOf(attribute);
    return first >= 0 ? first : FIRST_ATTRIBUTES.size();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  private static Optional<SpanData> root(List<SpanData> trace) {
    return trace.stream().filter(span -> !span.getParentSpanContext().isValid()).min(BY_START);
  }

  /**
   * The spans whose parent is {@code parent}, by start; only those named {@code name} unless null.
   */
  private static List<SpanData> children(List<SpanData> trace, SpanData parent, String name) {
    return trace.stream()
        .filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
        .filter(span -> span.getParentSpanContext().isValid())
        .filter(span -> name == null || span.getName().equals(name))
        .sorted(BY_START)
        .collect(Collectors.toList());
  }
}
