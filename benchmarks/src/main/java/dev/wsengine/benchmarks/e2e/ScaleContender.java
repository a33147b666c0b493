package dev.wsengine.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The four ways the scale scenario holds N idle connections, each in a child JVM of its own. */
enum ScaleContender {
  /** {@code java.net.http.WebSocket}s on one shared {@code HttpClient}. */
  RAW_JDK(TransportKind.JDK, "raw JDK"),
  /** Tyrus sessions from one {@code ClientManager} with {@code SHARED_CONTAINER}. */
  RAW_TYRUS(TransportKind.TYRUS, "raw Tyrus (shared container)"),
  /** Engines on one shared {@code JdkTransport}. */
  ENGINE_JDK(TransportKind.JDK, "engine on JDK"),
  /** Engines on one shared {@code TyrusTransport} with {@code sharedContainer(true)}. */
  ENGINE_TYRUS(TransportKind.TYRUS, "engine on Tyrus (shared container)");

  final TransportKind transport;

  /** How the table names it. */
  final String label;

  ScaleContender(TransportKind transport, String label) {
    this.transport = transport;
    this.label = label;
  }

  /** The name the child takes on its command line: {@code raw-jdk}, {@code engine-tyrus}. */
  String option() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The contenders on these transports, raw clients first, in the order of this enum. */
  static List<ScaleContender> on(List<TransportKind> transports) {
    List<ScaleContender> contenders = new ArrayList<>();
    for (ScaleContender contender : values()) {
      if (transports.contains(contender.transport)) {
        contenders.add(contender);
      }
    }
    return contenders;
  }

  /**
   * @throws IllegalArgumentException naming the value and what is accepted
   */
  static ScaleContender parse(String option) {
    for (ScaleContender contender : values()) {
      if (contender.option().equals(option)) {
        return contender;
      }
    }
    List<String> names = new ArrayList<>();
    for (ScaleContender contender : values()) {
      names.add(contender.option());
    }
    throw new IllegalArgumentException(
        "contender takes " + String.join(", ", names) + "; got " + option);
  }
}
