package dev.wsengine.example.echo;

import dev.wsengine.jackson.JsonDecoder;

/**
 * Decodes the JSON echo of a {@link Greeting}. Binding {@code T} is all a Jackson decoder needs;
 * the one override tells JSON from the example's plain-text messages ({@code hello #1}), which then
 * go to the handler's {@code String} method instead of failing as malformed JSON.
 */
public final class GreetingDecoder extends JsonDecoder<Greeting> {
  /** Only JSON objects: a check on the first character, so that text is not parsed twice. */
  @Override
  public boolean willDecode(String text) {
    return text.startsWith("{");
  }
}
