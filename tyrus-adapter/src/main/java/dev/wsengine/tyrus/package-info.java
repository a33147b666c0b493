/**
 * The Tyrus transport: {@link dev.wsengine.tyrus.TyrusTransport} and its builder. Everything else
 * in the package is internal. See {@code docs/tyrus.md}.
 */
package dev.wsengine.tyrus;
