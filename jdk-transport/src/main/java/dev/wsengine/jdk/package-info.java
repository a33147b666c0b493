/** The wsengine transport over {@code java.net.http.WebSocket}: {@link JdkTransport}. */
package dev.wsengine.jdk;
