package dev.wsengine.runtime.internal.engine;

import dev.wsengine.Message;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.spi.Transport;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Everything an engine was built with, already validated by the builder.
 *
 * @param uri where to connect
 * @param displayUri {@code uri} with user info and query values redacted, for messages
 * @param threadFactory makes the threads of the engine's own pool, when it has one
 * @param executor where the engine's tasks run if not on a pool of its own: a group's, or the
 *     user's; null for an own pool made with {@code threadFactory}
 * @param timer a group's timer, where the engine's waits run in real time; null for one of the
 *     engine's own
 * @param propagateTraceContext whether the handshake carries a W3C {@code traceparent} header
 * @param clock what backoff, the open and stop timeouts and session uptime are measured by
 * @param codecs the handler's decoders and encoders
 * @param orderBy the key messages are ordered by, or null to process them in any order
 * @param sendQueueMessages how many messages a session's outbound queue holds at most
 * @param sendQueueBytes how many payload bytes a session's outbound queue holds at most
 * @param sendTimeout how long a message may take to be written, queue time included
 * @param requests how requests are matched with replies (docs/requests.md)
 * @param handshake the connect options of each attempt: {@code connectOptions} as the user's hook
 *     changes them
 */
public record EngineConfig(
    URI uri,
    String displayUri,
    Dispatcher<?> dispatcher,
    Transport transport,
    ConnectOptions connectOptions,
    int readers,
    ThreadFactory threadFactory,
    Executor executor,
    EngineTimer timer,
    ReconnectPolicy reconnect,
    Duration openTimeout,
    Duration stopTimeout,
    OpenTelemetry openTelemetry,
    boolean propagateTraceContext,
    EngineClock clock,
    MessageCodecs codecs,
    Function<? super Message, ?> orderBy,
    int sendQueueMessages,
    long sendQueueBytes,
    Duration sendTimeout,
    RequestOptions requests,
    AttemptHandshake handshake) {}
