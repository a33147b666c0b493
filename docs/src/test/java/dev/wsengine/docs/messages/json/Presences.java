package dev.wsengine.docs.messages.json;

import dev.wsengine.jackson.JsonDecoder;

// snippet:presences
public final class Presences extends JsonDecoder<Presence> {}
// end-snippet
