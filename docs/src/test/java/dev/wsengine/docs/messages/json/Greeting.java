package dev.wsengine.docs.messages.json;

// snippet:greeting
public record Greeting(String from, String text) {} // {"from":"ann","text":"hello"}
// end-snippet
