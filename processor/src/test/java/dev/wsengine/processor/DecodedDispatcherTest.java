package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.wsengine.processor.RecordingHandlers.compile;
import static dev.wsengine.processor.RecordingHandlers.load;
import static dev.wsengine.processor.TypedMessageSources.source;
import static dev.wsengine.processor.TypedMessageSources.withMessages;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the generated {@code onDecoded} does with the objects decoders produce: the method whose
 * parameter type is the most specific supertype of the object is called, whatever the declaration
 * order; an object no method takes is refused; typed replies go to {@code Connection.send(Object)}.
 * Handlers are compiled under {@code -Xlint:all -Werror} and driven as the engine would drive them.
 */
class DecodedDispatcherTest {
  private final FakeConnection connection = new FakeConnection();

  /** The wider method first in the source, so that only the generated order can make tick win. */
  private static final JavaFileObject TRADER =
      source(
          "Trader",
          """
          @Codecs(decoders = EventDecoder.class, encoders = OrderEncoder.class)
          public class Trader {
            public Order reply;

            @OnMessage
            void event(Event event, Connection connection) {
              Recorder.record("event", event, connection);
            }

            @OnMessage
            Order tick(Tick tick) {
              Recorder.record("tick", tick);
              return reply;
            }

            @OnMessage
            Order text(String text) {
              Recorder.record("text", text);
              return reply;
            }
          }
          """);

  private FakeScope scope() {
    return FakeScope.empty().connection(connection);
  }

  @Test
  void mostSpecificMethodIsCalled_whateverTheDeclarationOrder() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(withMessages(TRADER));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Trader"));
    Object tick = make(loaded, "com.acme.Tick", 12.5);
    Object ack = make(loaded, "com.acme.Ack", 7L);

    assertThat(dispatcher.onDecoded(tick, scope())).isTrue();
    assertThat(dispatcher.onDecoded(ack, scope())).isTrue();

    List<List<?>> calls = loaded.recorded();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).get(0)).isEqualTo("tick");
    assertThat(calls.get(0).get(1)).isSameInstanceAs(tick);
    assertThat(calls.get(1).get(0)).isEqualTo("event");
    assertThat(calls.get(1).get(1)).isSameInstanceAs(ack);
    assertThat(calls.get(1).get(2)).isSameInstanceAs(connection);
  }

  @Test
  void objectNoMethodTakes_isRefused_andNothingIsCalledOrSent() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(withMessages(TRADER));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Trader"));

    assertThat(dispatcher.onDecoded(make(loaded, "com.acme.Order", "buy", 1.0), scope())).isFalse();
    assertThat(dispatcher.onDecoded("text", scope())).isFalse();
    assertThat(dispatcher.onDecoded(new Object(), scope())).isFalse();

    assertThat(loaded.recorded()).isEmpty();
    assertThat(connection.sent()).isEmpty();
  }

  @Test
  void typedReply_isSentWithSendObject() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(withMessages(TRADER));
    Object handler = loaded.newHandler("com.acme.Trader");
    Object order = make(loaded, "com.acme.Order", "buy", 12.5);
    RecordingHandlers.setField(handler, "reply", order);

    loaded.dispatcher(handler).onDecoded(make(loaded, "com.acme.Tick", 12.5), scope());

    assertThat(connection.sent()).containsExactly(new FakeConnection.Sent("send(Object)", order));
    assertThat(connection.sent().get(0).payload()).isSameInstanceAs(order);
  }

  @Test
  void nullTypedReply_sendsNothing() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(withMessages(TRADER));

    loaded
        .dispatcher(loaded.newHandler("com.acme.Trader"))
        .onDecoded(make(loaded, "com.acme.Tick", 12.5), scope());

    assertThat(loaded.recorded()).hasSize(1);
    assertThat(connection.sent()).isEmpty();
  }

  @Test
  void typedReplyOfARawTextMethod_isSentWithSendObject() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(withMessages(TRADER));
    Object handler = loaded.newHandler("com.acme.Trader");
    Object order = make(loaded, "com.acme.Order", "sell", 1.0);
    RecordingHandlers.setField(handler, "reply", order);

    loaded.dispatcher(handler).onText("hello", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("text", "hello"));
    assertThat(connection.sent().get(0).payload()).isSameInstanceAs(order);
    assertThat(connection.sent()).containsExactly(new FakeConnection.Sent("send(Object)", order));
  }

  @Test
  void openClassHierarchy_routesEachObjectToItsMostSpecificMethod() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            source("Shape", "public class Shape {}\n"),
            source("Circle", "public class Circle extends Shape {}\n"),
            source("Ball", "public class Ball extends Circle {}\n"),
            source(
                "ShapeDecoder",
                """
                public class ShapeDecoder implements Decoder.Binary<Shape> {
                  @Override
                  public Shape decode(java.nio.ByteBuffer bytes) {
                    return new Shape();
                  }
                }
                """),
            source(
                "Drawer",
                """
                @Codecs(decoders = ShapeDecoder.class)
                public class Drawer {
                  @OnMessage
                  void shape(Shape shape) {
                    Recorder.record("shape", shape);
                  }

                  @OnMessage
                  void circle(Circle circle) {
                    Recorder.record("circle", circle);
                  }
                }
                """));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Drawer"));

    dispatcher.onDecoded(make(loaded, "com.acme.Shape"), scope());
    dispatcher.onDecoded(make(loaded, "com.acme.Circle"), scope());
    // No method takes a Ball as such: the nearest supertype's does.
    dispatcher.onDecoded(make(loaded, "com.acme.Ball"), scope());

    assertThat(labels(loaded)).containsExactly("shape", "circle", "circle").inOrder();
  }

  @Test
  void checkedExceptionOfADecodedMethod_reachesTheCallerUnchanged() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            withMessages(
                source(
                    "Failing",
                    """
                    @Codecs(decoders = TickDecoder.class)
                    public class Failing {
                      public static final java.io.IOException FAILURE =
                          new java.io.IOException("failed");

                      @OnMessage
                      void tick(Tick tick) throws java.io.IOException {
                        throw FAILURE;
                      }
                    }
                    """)));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Failing"));

    IOException thrown =
        assertThrows(
            IOException.class,
            () -> dispatcher.onDecoded(make(loaded, "com.acme.Tick", 1.0), scope()));

    assertThat(thrown).isSameInstanceAs(loaded.staticField("com.acme.Failing", "FAILURE"));
  }

  @Test
  void handlerWithoutDecodedMethods_refusesEveryObject() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            source(
                "Plain",
                """
                public class Plain {
                  @OnMessage
                  void text(String text) {
                    Recorder.record("text", text);
                  }
                }
                """));

    assertThat(loaded.dispatcher(loaded.newHandler("com.acme.Plain")).onDecoded("x", scope()))
        .isFalse();
    assertThat(loaded.recorded()).isEmpty();
  }

  @Test
  void deprecatedDecodedAndReplyTypes_compileWithoutWarnings() {
    // The handler may suppress its own warnings; the dispatcher, which names both types, must too.
    Compilation compilation =
        compile(
            source("OldTick", "@Deprecated public record OldTick(double price) {}\n"),
            source("OldOrder", "@Deprecated public record OldOrder(double price) {}\n"),
            source(
                "OldTickDecoder",
                """
                @SuppressWarnings("deprecation")
                public class OldTickDecoder implements Decoder.Text<OldTick> {
                  @Override
                  public OldTick decode(String text) {
                    return new OldTick(Double.parseDouble(text));
                  }
                }
                """),
            source(
                "OldOrderEncoder",
                """
                @SuppressWarnings("deprecation")
                public class OldOrderEncoder implements Encoder.Text<OldOrder> {
                  @Override
                  public String encode(OldOrder order) {
                    return "" + order.price();
                  }
                }
                """),
            source(
                "OldTrader",
                """
                @SuppressWarnings("deprecation")
                @Codecs(decoders = OldTickDecoder.class, encoders = OldOrderEncoder.class)
                public class OldTrader {
                  @OnMessage
                  OldOrder tick(OldTick tick) {
                    return null;
                  }
                }
                """));

    assertThat(compilation).succeededWithoutWarnings();
  }

  private static RecordingHandlers.Loaded compileAndLoad(JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return load(compilation);
  }

  private static List<Object> labels(RecordingHandlers.Loaded loaded) {
    return loaded.recorded().stream().map(call -> (Object) call.get(0)).toList();
  }

  /** A new {@code className} through its only public constructor. */
  private static Object make(RecordingHandlers.Loaded loaded, String className, Object... args) {
    Constructor<?>[] constructors = loaded.loadClass(className).getConstructors();
    assertThat(constructors).hasLength(1);
    try {
      return constructors[0].newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
