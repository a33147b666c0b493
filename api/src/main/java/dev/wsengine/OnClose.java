package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method the engine calls exactly once at the end of each session.
 *
 * <p>Parameters, injected by type in any order, each at most once: {@link CloseStatus} (the status
 * the server sent, or {@code null} when this side initiates the close), {@link Connection}, {@link
 * EngineControl}.
 *
 * <p>Returns {@code void} or a {@link CloseStatus}. When this side closes, the returned status is
 * sent in the close frame; {@code void} or {@code null} sends {@link CloseStatus#GOING_AWAY}. A
 * status that may not be sent (1005, 1006, 1015) is replaced by {@code GOING_AWAY}; unless it is
 * the one received, that is reported to {@link OnCloseError}.
 *
 * <p>When: once per session. If this side closes (stop, exit, restart, a failed read the handler
 * chose to end the session on), it runs before the close frame is sent, so the handler may still
 * send on the {@link Connection}. If the server closed, or the link died, it runs afterwards and
 * receives the server's status ({@link CloseStatus#ABNORMAL_CLOSURE} when no close frame came). It
 * runs on the engine thread that ends the session; no {@link OnMessage} of the same session starts
 * after it.
 *
 * <p>Exceptions: any exception, checked ones included, goes to {@link OnCloseError}; the connection
 * is closed with {@link CloseStatus#GOING_AWAY} and the engine goes on (restarts or stops) as it
 * would have.
 *
 * <p>A handler class has at most one {@code @OnClose} method. It must not be private, static or
 * abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnClose {}
