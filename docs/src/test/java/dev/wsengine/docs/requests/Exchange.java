package dev.wsengine.docs.requests;

import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.jackson.JsonCorrelation;
import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** requests.md: subscribe and wait for the ack in @OnOpen, then request balances by id. */
// snippet:handler
public final class Exchange {
  final List<String> stream = new CopyOnWriteArrayList<>();
  volatile String subscribed;

  @OnOpen
  void opened(Connection connection) throws Exception {
    // Waiting here is fine: the engine reads the ack before its readers start, and keeps the
    // ticks that come meanwhile for @OnMessage, in order.
    subscribed =
        connection
            .request("{\"id\":\"sub-1\",\"op\":\"subscribe\",\"channel\":\"ticks\"}", TIMEOUT)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @OnMessage
  void tick(String text) { // the stream; matched replies do not come here
    stream.add(text);
  }

  static final Duration TIMEOUT = Duration.ofSeconds(5);
}

// end-snippet

/** The engine and a request from outside a callback. */
final class ExchangeClient {
  private ExchangeClient() {}

  static WebSocketEngine build(URI uri, Exchange exchange) {
    // snippet:builder
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, exchange)
            .correlation(JsonCorrelation.field("id")) // replies carry the request's "id"
            .maxRequestsInFlight(256) // default 1024
            .build();
    // end-snippet
    return engine;
  }

  static CompletableFuture<String> balance(WebSocketEngine engine) {
    // snippet:request
    Connection connection = engine.connection().orElseThrow();
    CompletableFuture<String> balance =
        connection.request(
            "{\"id\":42,\"op\":\"balance\",\"asset\":\"BTC\"}", Duration.ofSeconds(2));
    balance.whenComplete(
        (reply, failure) -> {
          // runs on an engine thread: keep it short, or use whenCompleteAsync
          // failure: TimeoutException, ConnectionClosedException (the session ended), ...
        });
    // end-snippet
    return balance;
  }
}
