package dev.wsengine.docs.messages.json;

import dev.wsengine.jackson.JsonDecoder;

// snippet:greetings
public final class Greetings extends JsonDecoder<Greeting> {} // binds T: what it decodes into
// end-snippet
