package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method the engine calls for every message received.
 *
 * <p>Parameters, injected by type in any order, each at most once: exactly one message parameter
 * and optionally {@link Connection} and {@link EngineControl}. The message parameter decides which
 * messages the method receives:
 *
 * <ul>
 *   <li>{@link String}: text messages;
 *   <li>{@code byte[]} or {@link java.nio.ByteBuffer}: binary messages (a {@code byte[]} is a fresh
 *       copy the method may keep and change; a {@code ByteBuffer} is a read-only view);
 *   <li>{@link Message}: text and binary messages.
 * </ul>
 *
 * A handler class has at most one {@code @OnMessage} method per message kind, so it may have one
 * for text and one for binary, or a single one taking {@link Message}. A message of a kind no
 * method receives is given to {@link OnReadError} as an {@code UnhandledMessageException} with the
 * message attached; the session goes on.
 *
 * <p>Returns {@code void}, or a reply to send back: {@link String} (sent as text), {@code byte[]}
 * or {@link java.nio.ByteBuffer} (sent as binary). A {@code null} reply sends nothing.
 *
 * <p>When: on a reader thread, after the reader has given back the read permit, so with more than
 * one reader several {@code @OnMessage} calls may run at once; with one reader they run strictly in
 * arrival order.
 *
 * <p>Exceptions: any exception, checked ones included, is reported to {@link OnReadError} (on the
 * same reader thread, without the read permit, so other readers go on reading meanwhile) and the
 * engine goes on reading. It never kills the reader.
 *
 * <p>The method must not be private, static or abstract, nor declare type parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnMessage {}
