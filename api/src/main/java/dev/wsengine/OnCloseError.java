package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method the engine calls when closing a session fails: {@link OnClose} threw, or sending
 * the close frame failed.
 *
 * <p>Parameters, injected by type in any order, each at most once: {@link Throwable} (the failure),
 * {@link EngineControl}. Returns {@code void}.
 *
 * <p>When: on the engine thread that ends the session, right after the failure. The session is over
 * either way; the engine then restarts or stops as it would have.
 *
 * <p>Exceptions: any exception, checked ones included, is recorded on the callback's span and
 * logged, and otherwise ignored.
 *
 * <p>A handler class has at most one {@code @OnCloseError} method. It must not be private, static
 * or abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnCloseError {}
