package dev.wsengine.tyrus.internal;

/** Told when the server's byte stream breaks the protocol in a way Tyrus does not check. */
@FunctionalInterface
public interface ProtocolViolations {
  /**
   * The stream broke the protocol: close the connection with 1002 and {@code reason}. Nothing from
   * the offending frame on reaches Tyrus, and nothing more will.
   *
   * <p>Called on the thread delivering the connection's reads to Tyrus (a Grizzly worker), the same
   * thread on which Tyrus calls the endpoint, after every frame before the offending one was handed
   * to Tyrus. At most once per connection.
   */
  void protocolError(String reason);
}
