package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method the engine calls when an attempt to reconnect fails: the dial or handshake
 * failed, {@link OnOpen} threw, or opening took longer than the open timeout.
 *
 * <p>Parameters, injected by type in any order, each at most once: {@link Throwable} (the failure),
 * {@link RestartAttempt}, {@link EngineControl}. Returns {@code void}.
 *
 * <p>When: on the engine's restart thread, after each failed attempt and before the backoff delay
 * that precedes the next one. There is no connection. It may call {@link EngineControl#exit()} to
 * give up; the engine then stops.
 *
 * <p>Exceptions: any exception, checked ones included, is recorded on the callback's span and
 * logged; the engine keeps retrying as its reconnect policy says.
 *
 * <p>A handler class has at most one {@code @OnRestartError} method. It must not be private, static
 * or abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnRestartError {}
