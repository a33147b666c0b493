package dev.wsengine.docs.messages.json;

// snippet:room-event
public sealed interface RoomEvent { // {"type":"Said","userName":"ann","text":"hi"}
  record Joined(String userName) implements RoomEvent {}

  record Said(String userName, String text) implements RoomEvent {}

  record Left(String userName) implements RoomEvent {}
}
// end-snippet
