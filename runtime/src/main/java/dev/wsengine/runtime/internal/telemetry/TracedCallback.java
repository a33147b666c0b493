package dev.wsengine.runtime.internal.telemetry;

import io.opentelemetry.api.common.Attributes;

/**
 * The handler callbacks the engine traces and times: each has a span name ({@code
 * wsengine.callback.on_message}) and an attribute set ({@code wsengine.callback=on_message}) made
 * once, so that timing or counting a callback builds nothing.
 */
public enum TracedCallback {
  ON_OPEN("on_open", "@OnOpen"),
  ON_MESSAGE("on_message", "@OnMessage"),
  ON_READ_ERROR("on_read_error", "@OnReadError"),
  ON_CLOSE("on_close", "@OnClose"),
  ON_CLOSE_ERROR("on_close_error", "@OnCloseError"),
  ON_RESTART_ERROR("on_restart_error", "@OnRestartError");

  final String spanName;

  // Attributes are immutable by contract; the API just does not annotate them so.
  @SuppressWarnings("ImmutableEnumChecker")
  final Attributes attributes;

  private final String annotation;

  TracedCallback(String name, String annotation) {
    this.spanName = "wsengine.callback." + name;
    this.attributes = Attributes.of(Keys.CALLBACK, name);
    this.annotation = annotation;
  }

  /** The annotation, as messages and logs name the callback: {@code @OnMessage}. */
  public String annotation() {
    return annotation;
  }
}
