package dev.wsengine.example.echo;

/**
 * The typed message of the example: sent once per session as JSON ({@code
 * {"from":"echo-client","text":"hello"}}) through the Jackson encoder, and received back from the
 * echo server as a {@code Greeting} again, decoded by {@link GreetingDecoder}.
 *
 * @param from who sends it
 * @param text what it says: {@code hello} on the first session, {@code hello again} after a
 *     reconnect
 */
public record Greeting(String from, String text) {}
