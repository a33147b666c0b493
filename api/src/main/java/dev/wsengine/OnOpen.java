package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method the engine calls once a connection is open, before any message is read.
 *
 * <p>Parameters, injected by type in any order, each at most once: {@link Connection}, {@link
 * EngineControl}, {@link OpenInfo}. Returns {@code void}.
 *
 * <p>When: once per session, after the handshake succeeded, on the engine's opener thread for that
 * attempt ({@code wsengine-N-open-A}), both on {@code start()} (which waits for it) and on a
 * reconnect. It runs on its own thread so that the open timeout holds even against an
 * {@code @OnOpen} that blocks: past the timeout the connection is aborted and the thread
 * interrupted. No reader reads until it returns, so it may send a greeting and expect the reply to
 * reach {@link OnMessage}.
 *
 * <p>Exceptions: any exception, checked ones included, fails the open. On {@code start()} the
 * connection is closed and {@code start()} throws with the exception as its cause; during a
 * reconnect the attempt counts as failed and goes to {@link OnRestartError}.
 *
 * <p>A handler class has at most one {@code @OnOpen} method. It must not be private, static or
 * abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnOpen {}
