package dev.wsengine.docs.messages.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

// snippet:presence
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Presence.Online.class, name = "online"),
  @JsonSubTypes.Type(value = Presence.Away.class, name = "away")
})
public sealed interface Presence { // {"type":"away","user":"ann","since":"09:30"}
  record Online(String user) implements Presence {}

  record Away(String user, String since) implements Presence {}
}
// end-snippet
