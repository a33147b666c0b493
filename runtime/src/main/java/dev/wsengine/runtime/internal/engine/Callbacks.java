package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.runtime.UnhandledMessageException;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.runtime.internal.telemetry.TracedCallback;
import dev.wsengine.spi.Dispatcher;
import io.opentelemetry.api.trace.Span;
import java.lang.System.Logger.Level;

/**
 * The one place where the engine calls the handler: each callback in its span, timed, its failure
 * routed as {@code docs/concurrency.md} says (an {@code @OnMessage} failure to
 * {@code @OnReadError}; an {@code @OnClose} failure to {@code @OnCloseError}; a failure of
 * {@code @OnReadError}, {@code @OnCloseError}, {@code @OnRestartError} logged and ignored; a {@link
 * VirtualMachineError} stops the engine and propagates).
 *
 * <p>Threads: any engine task calls it (readers: {@code @OnMessage}, {@code @OnReadError}; the
 * opener: {@code @OnOpen}; the supervisor: the others). It holds no mutable state and takes no
 * lock; the ordering between callbacks is the callers' (the pump's and the supervisor's).
 */
final class Callbacks {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");

  private final Dispatcher<?> dispatcher;
  private final String handlerName;

  /** The handler's decoders and encoders; immutable. */
  private final MessageCodecs codecs;

  private final EngineTelemetry telemetry;

  /** What the callbacks' scopes hand the handler; its {@code exit()} stops on a fatal error. */
  private final EngineControl control;

  Callbacks(
      Dispatcher<?> dispatcher,
      MessageCodecs codecs,
      EngineTelemetry telemetry,
      EngineControl control) {
    this.dispatcher = dispatcher;
    this.handlerName = dispatcher.handler().getClass().getName();
    this.codecs = codecs;
    this.telemetry = telemetry;
    this.control = control;
  }

  String handlerName() {
    return handlerName;
  }

  /**
   * Runs {@code @OnMessage} in its span, a child of {@code read}, and an exception it throws in
   * {@code @OnReadError}, also a child of {@code read}; then ends {@code read}. Allocates nothing
   * for tracing when the tracer is off.
   */
  @SuppressWarnings("try") // the scopes make the read and callback spans current for the handler
  void message(Session current, Scope scope, Message message, Span read) {
    try (var inRead = EngineTelemetry.activate(read)) {
      Span callback = telemetry.startCallback(TracedCallback.ON_MESSAGE);
      long started = System.nanoTime();
      Throwable failure = null;
      try (var inCallback = EngineTelemetry.activate(callback)) {
        Object decoded = null;
        if (message.isText() ? codecs.decodesText() : codecs.decodesBinary()) {
          // Not decode(Message): its Optional escapes the JIT's analysis in about half the runs,
          // 16 bytes per message (docs/benchmarks.md). A DecodeException goes to OnReadError.
          decoded =
              message.isText()
                  ? codecs.decodeText(message.text())
                  : codecs.decodeBinary(message.binary());
        }
        if (decoded != null && dispatcher.onDecoded(decoded, scope)) {
          // handled by the most specific method for its type
        } else if (message.isText() && dispatcher.acceptsText()) {
          dispatcher.onText(message.text(), scope);
        } else if (!message.isText() && dispatcher.acceptsBinary()) {
          dispatcher.onBinary(message.binary(), scope);
        } else {
          throw decoded == null
              ? new UnhandledMessageException(handlerName, message)
              : new UnhandledMessageException(handlerName, message, decoded);
        }
      } catch (Throwable e) {
        failure = e;
      }
      telemetry.endCallback(TracedCallback.ON_MESSAGE, callback, started, failure);
      if (failure != null) {
        rethrowIfFatal(failure);
        readError(current, failure);
      }
    } finally {
      read.end();
    }
  }

  /** {@code @OnReadError}: a read failed without closing the connection, or the processing did. */
  void readError(Session current, Throwable error) {
    invokeQuietly(
        TracedCallback.ON_READ_ERROR,
        () -> dispatcher.onReadError(Scope.readError(current.connection, control, error)));
  }

  /** {@code @OnCloseError}: {@code @OnClose} threw, or closing the connection failed. */
  void closeError(Throwable error) {
    invokeQuietly(
        TracedCallback.ON_CLOSE_ERROR,
        () -> dispatcher.onCloseError(Scope.closeError(control, error)));
  }

  /** {@code @OnRestartError}: a reconnect attempt failed. */
  void restartError(RestartAttempt failed) {
    invokeQuietly(
        TracedCallback.ON_RESTART_ERROR,
        () -> dispatcher.onRestartError(Scope.restartError(control, failed)));
  }

  /**
   * {@code @OnClose}, in its span (a child of the current context): the status it returned, or null
   * if it returned none or threw (its failure has gone to {@code @OnCloseError}).
   */
  @SuppressWarnings("try") // the scope makes the callback span current for the handler
  CloseStatus close(Connection connection, CloseStatus received) {
    CloseStatus reply = null;
    Span onClose = telemetry.startCallback(TracedCallback.ON_CLOSE);
    long started = System.nanoTime();
    Throwable failure = null;
    try (var inCallback = EngineTelemetry.activate(onClose)) {
      reply = dispatcher.onClose(Scope.close(connection, control, received));
    } catch (Throwable e) {
      failure = e;
    }
    telemetry.endCallback(TracedCallback.ON_CLOSE, onClose, started, failure);
    if (failure != null) {
      rethrowIfFatal(failure);
      closeError(failure);
    }
    return reply;
  }

  /** {@code @OnOpen}, in its span (a child of the current context); its failure is rethrown. */
  @SuppressWarnings("try") // the scope makes the callback span current for the handler
  void open(Connection connection, OpenInfo info) throws Exception {
    Span callback = telemetry.startCallback(TracedCallback.ON_OPEN);
    long started = System.nanoTime();
    Throwable failure = null;
    try (var inCallback = EngineTelemetry.activate(callback)) {
      dispatcher.onOpen(Scope.open(connection, control, info));
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.endCallback(TracedCallback.ON_OPEN, callback, started, failure);
    }
  }

  /** A handler callback that may throw anything. */
  private interface Callback {
    void call() throws Exception;
  }

  /**
   * Runs a callback whose failure has nowhere further to go, in its span (a child of the current
   * context, and current while it runs): a failure is recorded and logged, never rethrown.
   */
  @SuppressWarnings("try") // the scope makes the callback span current for the handler
  private void invokeQuietly(TracedCallback callback, Callback body) {
    Span span = telemetry.startCallback(callback);
    long started = System.nanoTime();
    Throwable failure = null;
    try (var inCallback = EngineTelemetry.activate(span)) {
      body.call();
    } catch (Throwable e) {
      failure = e;
    }
    telemetry.endCallback(callback, span, started, failure);
    if (failure != null) {
      rethrowIfFatal(failure);
      LOG.log(
          Level.WARNING, callback.annotation() + " of " + handlerName + " threw; ignored", failure);
    }
  }

  /**
   * A VirtualMachineError (out of memory, stack overflow) means the JVM cannot be trusted to go on:
   * the engine stops ({@code exit()}) and the error propagates to the thread. Anything else a
   * handler throws is handled as documented.
   */
  void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError fatal) {
      control.exit();
      throw fatal;
    }
  }
}
