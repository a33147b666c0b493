package dev.wsengine.benchmarks.e2e;

import dev.wsengine.jdk.JdkTransport;
import dev.wsengine.spi.Transport;
import dev.wsengine.tyrus.TyrusTransport;

/**
 * A transport the benchmark runs on ({@code --transport jdk|tyrus|both}): the engine on that
 * transport, and the plain client it is built on as the reference.
 */
enum TransportKind {
  /** The engine on {@code wsengine-tyrus}; the reference a plain Tyrus client. */
  TYRUS("tyrus", "Tyrus"),
  /** The engine on {@code wsengine-jdk}; the reference a plain {@code java.net.http.WebSocket}. */
  JDK("jdk", "JDK");

  /** The name {@code --transport} takes, as the transport's {@code Transport.name()}. */
  final String option;

  /** How the report names it: "engine on Tyrus", "raw JDK". */
  final String label;

  TransportKind(String option, String label) {
    this.option = option;
    this.label = label;
  }

  /**
   * A new transport with its defaults, as {@code ServiceLoader} would make it for each engine the
   * user builds.
   */
  Transport transport() {
    return switch (this) {
      case TYRUS -> new TyrusTransport();
      case JDK -> new JdkTransport();
    };
  }

  /** The plain client, re-dialling by hand when the server closes if {@code reconnect}. */
  Contender raw(boolean reconnect) {
    return switch (this) {
      case TYRUS -> new RawTyrusContender(reconnect);
      case JDK -> new RawJdkContender(reconnect);
    };
  }

  /** "on Tyrus", "on JDK": what the report's rows say. */
  String on() {
    return "on " + label;
  }
}
