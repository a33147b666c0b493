/**
 * Not API. The handler rules that the annotation processor and the runtime's fallback share, so
 * both accept the same classes and word their errors the same way; the request target rule that the
 * engine's builder and the transports share; the one redaction rule ({@link
 * dev.wsengine.internal.Redaction}) that the runtime's spans and messages and the transports'
 * messages and log filters share; the saturating duration arithmetic and the duration option check
 * ({@link dev.wsengine.internal.Durations}) that the engine and the transports share; and what the
 * two transports share to receive: the bounded hand-off to the engine ({@link
 * dev.wsengine.internal.Inbox}) and the UTF-8 counting and close reason cutting ({@link
 * dev.wsengine.internal.Utf8}). May change in any release.
 */
package dev.wsengine.internal;
