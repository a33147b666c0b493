package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method the engine calls when reading a message fails without the connection being
 * closed, or when an {@link OnMessage} method throws.
 *
 * <p>Parameters, injected by type in any order, each at most once: {@link Throwable} (the failure),
 * {@link Connection}, {@link EngineControl}. Returns {@code void}.
 *
 * <p>When: on a reader thread. For a failed read it runs with the read permit held, so no other
 * message is read until it returns; for an exception from {@link OnMessage} it runs without it, as
 * {@code @OnMessage} did. It may call {@link EngineControl#restart()} or {@link
 * EngineControl#exit()} to end the session; otherwise the engine goes on reading.
 *
 * <p>Exceptions: any exception, checked ones included, is recorded on the callback's span and
 * logged; the engine goes on as if the method had returned normally.
 *
 * <p>A handler class has at most one {@code @OnReadError} method. It must not be private, static or
 * abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnReadError {}
