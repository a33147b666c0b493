package dev.wsengine.docs.troubleshooting;

import dev.wsengine.spi.ConnectOptions;

/** The snippet of troubleshooting.md. */
final class Limits {
  private Limits() {}

  static ConnectOptions larger() {
    // snippet:limits
    ConnectOptions options =
        ConnectOptions.builder()
            .maxTextMessageBytes(16 << 20) // 16 MiB
            .maxBinaryMessageBytes(64 << 20) // 64 MiB
            .build();
    // end-snippet
    return options;
  }
}
