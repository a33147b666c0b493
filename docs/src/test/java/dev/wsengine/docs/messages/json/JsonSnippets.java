package dev.wsengine.docs.messages.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wsengine.jackson.JsonEncoder;
import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;

/** The parts of messages.md's Jackson section that are not classes of their own. */
final class JsonSnippets {
  private JsonSnippets() {}

  /** An engine builder whose Jackson codecs use a mapper of their own. */
  static WebSocketEngine.Builder configured(URI uri, ChatClient client) {
    // snippet:configured-mapper
    ObjectMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE) // "user_name"
            .build(); // Jackson's defaults otherwise: an unknown property fails the message
    WebSocketEngine.Builder builder =
        WebSocketEngine.builder(uri, client)
            .codec(new RoomEvents(mapper)) // in place of the RoomEvents that @Codecs names
            .codec(new JsonEncoder(mapper)); // and of the JsonEncoder
    // end-snippet
    return builder;
  }
}
