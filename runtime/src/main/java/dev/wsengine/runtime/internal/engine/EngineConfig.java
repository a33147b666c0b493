package dev.wsengine.runtime.internal.engine;

import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.spi.Transport;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Everything an engine was built with, already validated by the builder.
 *
 * @param uri where to connect
 * @param displayUri {@code uri} with user info and query values redacted, for messages
 * @param threadFactory makes every engine thread (readers, supervisor, openers)
 * @param propagateTraceContext whether the handshake carries a W3C {@code traceparent} header
 * @param clock what backoff, the open and stop timeouts and session uptime are measured by
 * @param codecs the handler's decoders and encoders
 */
public record EngineConfig(
    URI uri,
    String displayUri,
    Dispatcher<?> dispatcher,
    Transport transport,
    ConnectOptions connectOptions,
    int readers,
    ThreadFactory threadFactory,
    ReconnectPolicy reconnect,
    Duration openTimeout,
    Duration stopTimeout,
    OpenTelemetry openTelemetry,
    boolean propagateTraceContext,
    EngineClock clock,
    MessageCodecs codecs) {}
