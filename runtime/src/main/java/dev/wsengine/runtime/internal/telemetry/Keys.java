package dev.wsengine.runtime.internal.telemetry;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys of the engine's spans, events and metrics; {@code docs/tracing.md} lists what
 * each holds. Names from the OpenTelemetry semantic conventions where one fits ({@code url.full},
 * {@code server.address}, {@code server.port}), {@code websocket.*} for what is about the protocol,
 * {@code wsengine.*} for what is about this engine.
 */
final class Keys {
  static final AttributeKey<String> SESSION_ID = stringKey("wsengine.session.id");
  static final AttributeKey<Long> READER_ID = longKey("wsengine.reader.id");
  static final AttributeKey<String> MESSAGE_TYPE = stringKey("websocket.message.type");
  static final AttributeKey<Long> MESSAGE_SIZE = longKey("websocket.message.size");
  static final AttributeKey<Long> CLOSE_CODE = longKey("websocket.close.code");
  static final AttributeKey<String> CLOSE_REASON = stringKey("websocket.close.reason");
  static final AttributeKey<Long> ATTEMPT = longKey("wsengine.attempt");
  static final AttributeKey<Boolean> RESTARTING = booleanKey("wsengine.restarting");
  static final AttributeKey<String> SESSION_END = stringKey("wsengine.session.end");
  static final AttributeKey<String> RESTART_OUTCOME = stringKey("wsengine.restart.outcome");
  static final AttributeKey<Double> BACKOFF_DELAY = doubleKey("wsengine.backoff.delay");
  static final AttributeKey<String> RECONNECT_ACTION = stringKey("wsengine.reconnect.action");
  static final AttributeKey<Long> OUTAGE_CLOSE_CODE = longKey("wsengine.outage.close_code");
  static final AttributeKey<Long> OUTAGE_HTTP_STATUS = longKey("wsengine.outage.http_status");
  static final AttributeKey<String> OUTAGE_ERROR_TYPE = stringKey("wsengine.outage.error.type");
  static final AttributeKey<Double> OUTAGE_RETRY_AFTER = doubleKey("wsengine.outage.retry_after");
  static final AttributeKey<String> URL_FULL = stringKey("url.full");
  static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
  static final AttributeKey<String> REQUEST_ID = stringKey("wsengine.request.id");

  // Metric attributes.
  static final AttributeKey<String> CALLBACK = stringKey("wsengine.callback");
  static final AttributeKey<String> OUTCOME = stringKey("wsengine.outcome");
  static final AttributeKey<String> REQUEST_OUTCOME = stringKey("wsengine.request.outcome");

  // The exception event, when the engine writes it itself to scrub secrets from it.
  static final AttributeKey<String> EXCEPTION_TYPE = stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = stringKey("exception.stacktrace");

  private Keys() {}
}
