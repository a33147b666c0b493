package dev.wsengine.docs.tyrus;

import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.Compression;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.tyrus.TyrusTransport;
import java.net.URI;
import java.time.Duration;

/** The snippets of tyrus.md. */
final class TyrusSnippets {
  private TyrusSnippets() {}

  static WebSocketEngine options(URI uri, Object handler, String token) {
    // snippet:options
    TyrusTransport tyrus =
        TyrusTransport.builder()
            .keepalive(Duration.ofSeconds(15), Duration.ofSeconds(5))
            .sharedContainer(true)
            .build();
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .transport(tyrus)
            .connectOptions(
                ConnectOptions.builder()
                    .header("Authorization", "Bearer " + token)
                    .maxBinaryMessageBytes(8 << 20)
                    .build())
            .build();
    // end-snippet
    return engine;
  }

  static WebSocketEngine compression(URI uri, Object handler) {
    // snippet:compression
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .connectOptions(
                ConnectOptions.builder()
                    .compression(Compression.permessageDeflate().withClientNoContextTakeover())
                    .maxTextMessageBytes(4 << 20) // counts the decompressed message
                    .build())
            .build();
    // end-snippet
    return engine;
  }
}
