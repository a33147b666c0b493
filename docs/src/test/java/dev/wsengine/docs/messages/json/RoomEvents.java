package dev.wsengine.docs.messages.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsengine.jackson.JsonDecoder;

// snippet:room-events
public final class RoomEvents extends JsonDecoder<RoomEvent> {
  public RoomEvents() { // for @Codecs: the shared default mapper
    super("type"); // the property that names the record: "Joined", "Said" or "Left"
  }

  public RoomEvents(ObjectMapper mapper) { // for the builder: a mapper of your own
    super(mapper, "type");
  }
}
// end-snippet
