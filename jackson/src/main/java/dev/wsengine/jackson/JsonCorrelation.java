package dev.wsengine.jackson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsengine.Correlation;
import dev.wsengine.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link Correlation} for JSON messages whose request and reply carry the same top-level field,
 * such as {@code {"id": 7, "method": "balance"}} answered by {@code {"id": 7, "result": ...}}:
 *
 * <pre>{@code
 * WebSocketEngine.builder(uri, client)
 *     .correlation(JsonCorrelation.field("id"))
 *     .build();
 * ...
 * Balance balance = connection.request(new BalanceRequest(7, "BTC"), Balance.class, timeout).get();
 * }</pre>
 *
 * <p>The id may be a JSON string or number; either becomes the id's text ({@code 7} and {@code "7"}
 * are the same id). A request's id is read from what was given to {@code request(...)}: a JSON
 * {@link String}, a {@link JsonNode}, a text {@link Message}, or any other object as the mapper
 * would write it. A reply's id is read from a text message with Jackson's streaming parser, which
 * stops at the field and skips the values of the others without building them, so asking it of
 * every stream message costs little; text that is not a JSON object, binary messages, and objects
 * without the field (or with a value that is not a string or number) are no reply.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonCorrelation implements Correlation {
  private final String field;
  private final ObjectMapper mapper;
  private final JsonFactory factory;

  private JsonCorrelation(String field, ObjectMapper mapper) {
    this.field = field;
    this.mapper = mapper;
    this.factory = mapper.getFactory();
  }

  /**
   * Matches on the top-level field {@code name}, with the module's default mapper for objects.
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public static JsonCorrelation field(String name) {
    return field(name, DefaultMapper.INSTANCE);
  }

  /**
   * Matches on the top-level field {@code name}; {@code mapper} turns request objects into JSON
   * (use the one your encoder uses, so the field is named as it is on the wire).
   *
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public static JsonCorrelation field(String name, ObjectMapper mapper) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mapper, "mapper");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "name must be the name of a top-level JSON field, such as \"id\"; got \"\"");
    }
    return new JsonCorrelation(name, mapper);
  }

  /**
   * The request's field, as text.
   *
   * @throws IllegalArgumentException if the request is not a JSON object with the field as a string
   *     or number; the message names the field and the request's class
   */
  @Override
  public String requestId(Object request) {
    Objects.requireNonNull(request, "request");
    String id;
    if (request instanceof String text) {
      id = idOf(text);
    } else if (request instanceof Message message && message.isText()) {
      id = idOf(message.text());
    } else if (request instanceof Message
        || request instanceof byte[]
        || request instanceof ByteBuffer) {
      throw new IllegalArgumentException(
          "JsonCorrelation reads the field \""
              + field
              + "\" of text and objects; the request is binary ("
              + request.getClass().getName()
              + ")");
    } else {
      JsonNode node = request instanceof JsonNode json ? json : mapper.valueToTree(request);
      JsonNode value = node == null ? null : node.get(field);
      id = value != null && (value.isTextual() || value.isNumber()) ? value.asText() : null;
    }
    if (id == null) {
      throw new IllegalArgumentException(
          "the request (a "
              + request.getClass().getName()
              + ") has no top-level field \""
              + field
              + "\" holding a string or number; JsonCorrelation.field(\""
              + field
              + "\") needs it to match the reply");
    }
    return id;
  }

  /** The message's field as text, or null if it has none (see the class's description). */
  @Override
  public String replyId(Message incoming) {
    return incoming.isText() ? idOf(incoming.text()) : null;
  }

  /** The top-level field of the JSON object {@code json}, read only as far as that field. */
  private String idOf(String json) {
    try (JsonParser parser = factory.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        boolean ours = field.equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (ours) {
          return value == JsonToken.VALUE_STRING
                  || value == JsonToken.VALUE_NUMBER_INT
                  || value == JsonToken.VALUE_NUMBER_FLOAT
              ? parser.getText()
              : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // not JSON: no reply
    }
  }

  @Override
  public String toString() {
    return "JsonCorrelation.field(\"" + field + "\")";
  }
}
