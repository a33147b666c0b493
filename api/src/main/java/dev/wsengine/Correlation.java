package dev.wsengine;

import java.util.Objects;
import java.util.function.Function;

/**
 * How a reply is matched to its request: the id a request carries, and the id an incoming message
 * answers. Declared once, on the engine builder ({@code WebSocketEngine.Builder.correlation}); the
 * engine then matches replies for {@link Connection#request(String, java.time.Duration)} and {@link
 * Connection#request(Object, Class, java.time.Duration)}. The Jackson module has a one-liner for a
 * JSON field ({@code JsonCorrelation.field("id")}).
 *
 * <p>The engine does not make ids: the caller puts one in each request (a counter, a UUID) and the
 * correlation reads it back, so the id on the wire is always the caller's.
 *
 * <p>Threads: both methods are called from any thread, at once from several, and for {@link
 * #replyId} on every incoming message while requests are pending, on the engine's reader (and,
 * during {@code @OnOpen}, while the engine holds a lock of the session's): they must be quick,
 * thread-safe, and must not call the engine or the connection.
 */
public interface Correlation {
  /**
   * The id {@code request} carries: for a text request, {@code request} is the {@link String} sent;
   * otherwise it is the object given to {@code request(...)}, before it is encoded.
   *
   * @return the id; never null (a request whose id is null fails with {@link
   *     IllegalArgumentException})
   */
  String requestId(Object request);

  /**
   * The id of the request {@code incoming} answers, or null when it answers none (a stream
   * message). Called for every incoming message while at least one request is pending (and for
   * every message once one was made), so it should read as little of the message as it can.
   */
  String replyId(Message incoming);

  /**
   * A correlation from two functions.
   *
   * <pre>{@code
   * Correlation.of(
   *     request -> ((Order) request).id(),                  // the id the request carries
   *     incoming -> incoming.isText() ? idOf(incoming.text()) : null)  // the id a reply answers
   * }</pre>
   *
   * @param requestId as {@link #requestId}
   * @param replyId as {@link #replyId}; returns null for a message that is no reply
   */
  static Correlation of(
      Function<Object, String> requestId, Function<? super Message, String> replyId) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(replyId, "replyId");
    return new Correlation() {
      @Override
      public String requestId(Object request) {
        return requestId.apply(request);
      }

      @Override
      public String replyId(Message incoming) {
        return replyId.apply(incoming);
      }

      @Override
      public String toString() {
        return "Correlation.of(" + requestId + ", " + replyId + ")";
      }
    };
  }
}
