package dev.wsengine.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * The message types and codecs the typed-message tests share, in package {@code com.acme}: a sealed
 * {@code Event} that permits the records {@code Tick} and {@code Ack}, an {@code Order} record that
 * is no event, a decoder of each kind and an encoder. Also stubs of the {@code jakarta.websocket}
 * codec interfaces, which the processor must recognize by name.
 */
final class TypedMessageSources {
  static final JavaFileObject EVENT =
      source("Event", "public sealed interface Event permits Tick, Ack {}\n");
  static final JavaFileObject TICK =
      source("Tick", "public record Tick(double price) implements Event {}\n");
  static final JavaFileObject ACK =
      source("Ack", "public record Ack(long id) implements Event {}\n");
  static final JavaFileObject ORDER =
      source("Order", "public record Order(String side, double price) {}\n");

  /** Text "12.5" to a Tick. */
  static final JavaFileObject TICK_DECODER =
      source(
          "TickDecoder",
          """
          public class TickDecoder implements Decoder.Text<Tick> {
            @Override
            public Tick decode(String text) {
              return new Tick(Double.parseDouble(text));
            }
          }
          """);

  /** Text "ack 7" to an Ack, anything else to a Tick. */
  static final JavaFileObject EVENT_DECODER =
      source(
          "EventDecoder",
          """
          public class EventDecoder implements Decoder.Text<Event> {
            @Override
            public Event decode(String text) {
              return text.startsWith("ack ")
                  ? new Ack(Long.parseLong(text.substring(4)))
                  : new Tick(Double.parseDouble(text));
            }
          }
          """);

  static final JavaFileObject ORDER_ENCODER =
      source(
          "OrderEncoder",
          """
          public class OrderEncoder implements Encoder.Text<Order> {
            @Override
            public String encode(Order order) {
              return order.side() + " " + order.price();
            }
          }
          """);

  /** Just enough of jakarta.websocket.Decoder for a codec to implement it. */
  static final JavaFileObject JAKARTA_DECODER =
      JavaFileObjects.forSourceString(
          "jakarta.websocket.Decoder",
          """
          package jakarta.websocket;

          public interface Decoder {
            interface Text<T> extends Decoder {
              T decode(String s);

              boolean willDecode(String s);
            }

            interface Binary<T> extends Decoder {
              T decode(java.nio.ByteBuffer bytes);

              boolean willDecode(java.nio.ByteBuffer bytes);
            }
          }
          """);

  /** Just enough of jakarta.websocket.Encoder for a codec to implement it. */
  static final JavaFileObject JAKARTA_ENCODER =
      JavaFileObjects.forSourceString(
          "jakarta.websocket.Encoder",
          """
          package jakarta.websocket;

          public interface Encoder {
            interface Text<T> extends Encoder {
              String encode(T object);
            }

            interface Binary<T> extends Encoder {
              java.nio.ByteBuffer encode(T object);
            }
          }
          """);

  private TypedMessageSources() {}

  /** The message types and codecs, then {@code sources}. */
  static JavaFileObject[] withMessages(JavaFileObject... sources) {
    List<JavaFileObject> all =
        new ArrayList<>(
            List.of(EVENT, TICK, ACK, ORDER, TICK_DECODER, EVENT_DECODER, ORDER_ENCODER));
    all.addAll(List.of(sources));
    return all.toArray(new JavaFileObject[0]);
  }

  /** {@code com.acme.<simpleName>}, importing the api and the recorder. */
  static JavaFileObject source(String simpleName, String body) {
    return JavaFileObjects.forSourceString(
        "com.acme." + simpleName,
        "package com.acme;\n\nimport dev.wsengine.*;\nimport recording.Recorder;\n\n" + body);
  }
}
