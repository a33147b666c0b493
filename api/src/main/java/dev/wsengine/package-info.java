/**
 * Write a WebSocket client as a plain class: annotate its methods with {@link dev.wsengine.OnOpen},
 * {@link dev.wsengine.OnMessage}, {@link dev.wsengine.OnClose}, {@link dev.wsengine.OnReadError},
 * {@link dev.wsengine.OnCloseError} and {@link dev.wsengine.OnRestartError}, and declare as
 * parameters the types of this package the callback accepts, in any order.
 */
package dev.wsengine;
