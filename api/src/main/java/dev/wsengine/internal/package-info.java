/**
 * Not API. The handler rules that the annotation processor and the runtime's fallback share, so
 * both accept the same classes and word their errors the same way; and the request target rule
 * that the engine's builder and the transports share. May change in any release.
 */
package dev.wsengine.internal;
