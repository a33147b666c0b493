package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.wsengine.processor.RecordingHandlers.compile;
import static dev.wsengine.processor.TypedMessageSources.JAKARTA_DECODER;
import static dev.wsengine.processor.TypedMessageSources.JAKARTA_ENCODER;
import static dev.wsengine.processor.TypedMessageSources.source;
import static dev.wsengine.processor.TypedMessageSources.withMessages;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.wsengine.testfixtures.CompiledClasses;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed-message rules of the handler catalogue, as the processor reports them: each test pins
 * the whole message and the element it is on (the parameter, the method, or the class literal in
 * {@code @Codecs}, each on a line of its own). Every compilation uses {@code -Xlint:all -Werror},
 * as a strict user build would. Sources are named {@code Erroneous*}.
 */
class TypedMessageRulesTest {
  @TempDir File library;

  // ---------------------------------------------------------------------------------------------
  // The acceptance case

  @Test
  void tickHandlerWithTickDecoder_compilesWithoutWarnings() {
    Compilation compilation =
        compile(
            withMessages(
                source(
                    "TickClient",
                    """
                    @Codecs(decoders = TickDecoder.class)
                    public class TickClient {
                      @OnMessage
                      void tick(Tick t) {}
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.TickClient_Dispatcher");
  }

  @Test
  void tickHandlerWithoutCodecs_isNoDecoderErrorOnTheParameter() {
    JavaFileObject handler =
        source(
            "ErroneousTickClient",
            """
            public class ErroneousTickClient {
              @OnMessage
              void tick(
                  Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "typed @OnMessage parameters need a decoder that produces them; 'tick(Tick)' takes"
                + " Tick, and ErroneousTickClient declares no decoders: add @Codecs(decoders ="
                + " ...) naming a Decoder.Text<Tick> or a Decoder.Binary<Tick>")
        .inFile(handler)
        .onLineContaining("Tick t)");
  }

  // ---------------------------------------------------------------------------------------------
  // Which parameters are decoded

  @ParameterizedTest
  @ValueSource(strings = {"Object", "Integer", "Runnable"})
  void anyOtherClassType_isADecodedMessage_soBesideStringItIsASecondMessage(String type) {
    JavaFileObject handler =
        source(
            "ErroneousParameter",
            """
            @Codecs(decoders = TickDecoder.class)
            public class ErroneousParameter {
              @OnMessage
              void text(String s,
                  %s extra) {}
            }
            """
                .formatted(type));

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnMessage methods take exactly one message parameter (String, byte[], ByteBuffer,"
                + " Message or a decoded type); 'text(String, %s)' declares String and also %s"
                    .formatted(type, type))
        .inFile(handler)
        .onLineContaining(type + " extra");
  }

  @ParameterizedTest
  @ValueSource(strings = {"int", "List<String>", "Runnable[]"})
  void parameterThatIsNoClassType_isStillNotAccepted(String type) {
    JavaFileObject handler =
        source(
            "ErroneousParameter",
            """
            import java.util.List;

            @Codecs(decoders = TickDecoder.class)
            public class ErroneousParameter {
              @OnMessage
              void text(String s,
                  %s extra) {}
            }
            """
                .formatted(type));

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnMessage methods accept parameters of type String, byte[], ByteBuffer, Message,"
                + " Connection or EngineControl; 'text(String, %s)' declares %s"
                    .formatted(type, type))
        .inFile(handler)
        .onLineContaining(type + " extra");
  }

  @Test
  void decoderOfAnotherType_isNoDecoderErrorNamingTheDecodersDeclared() {
    JavaFileObject handler =
        source(
            "ErroneousWrongDecoder",
            """
            @Codecs(decoders = TickDecoder.class)
            public class ErroneousWrongDecoder {
              @OnMessage
              void ack(
                  Ack a) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "typed @OnMessage parameters need a decoder that produces them; 'ack(Ack)' takes Ack,"
                + " and the decoders of @Codecs on ErroneousWrongDecoder produce none that fits:"
                + " TickDecoder (Decoder.Text<Tick>)")
        .inFile(handler)
        .onLineContaining("Ack a)");
  }

  @Test
  void decoderOfASupertype_orOfASubtype_decodesTheParameter() {
    // EventDecoder produces Events, some of them Ticks; TickDecoder's Ticks are all Events.
    Compilation compilation =
        compile(
            withMessages(
                source(
                    "ByEvent",
                    """
                    @Codecs(decoders = EventDecoder.class)
                    public class ByEvent {
                      @OnMessage
                      void tick(Tick t) {}
                    }
                    """),
                source(
                    "ByTick",
                    """
                    @Codecs(decoders = TickDecoder.class)
                    public class ByTick {
                      @OnMessage
                      void event(Event e) {}
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------------------------------------
  // Replies and methods

  @Test
  void typedReplyWithoutEncoder_isNoEncoderErrorOnTheMethod() {
    JavaFileObject handler =
        source(
            "ErroneousNoEncoder",
            """
            @Codecs(decoders = TickDecoder.class)
            public class ErroneousNoEncoder {
              @OnMessage
              Order tick(Tick t) {
                return null;
              }
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "typed @OnMessage replies need an encoder that takes them; 'tick(Tick)' returns Order,"
                + " and ErroneousNoEncoder declares no encoders: add @Codecs(encoders = ...)"
                + " naming an Encoder.Text<Order> or an Encoder.Binary<Order>")
        .inFile(handler)
        .onLineContaining("@OnMessage");
  }

  @Test
  void typedReplyWithEncoder_andFromARawTextMethod_compilesWithoutWarnings() {
    Compilation compilation =
        compile(
            withMessages(
                source(
                    "Replier",
                    """
                    @Codecs(decoders = TickDecoder.class, encoders = OrderEncoder.class)
                    public class Replier {
                      @OnMessage
                      Order tick(Tick t) {
                        return new Order("buy", t.price());
                      }

                      @OnMessage
                      Order text(String s) {
                        return new Order("sell", 0);
                      }
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void twoMethodsForOneDecodedType_isErrorOnTheSecond() {
    JavaFileObject handler =
        source(
            "ErroneousTwice",
            """
            @Codecs(decoders = TickDecoder.class)
            public class ErroneousTwice {
              @OnMessage void tick(Tick t) {}

              @OnMessage void again(Tick t, Connection c) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "handler classes have at most one @OnMessage method per decoded type;"
                + " 'again(Tick, Connection)' takes Tick, as 'tick(Tick)' does")
        .inFile(handler)
        .onLineContaining("void again");
  }

  // ---------------------------------------------------------------------------------------------
  // The classes in @Codecs: reported on their class literal

  @Test
  void classThatIsNoDecoder_isErrorOnItsClassLiteral() {
    JavaFileObject handler =
        source(
            "ErroneousNotACodec",
            """
            @Codecs(
                decoders = {
                  TickDecoder.class,
                  OrderEncoder.class
                })
            public class ErroneousNotACodec {
              @OnMessage
              void tick(Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs decoders must implement Decoder.Text or Decoder.Binary (of dev.wsengine or"
                + " jakarta.websocket); 'OrderEncoder' implements neither")
        .inFile(handler)
        .onLineContaining("OrderEncoder.class");
  }

  @Test
  void codecErrorPointsAtTheClassLiteral_notAtTheAnnotation() {
    String annotation = "@Codecs(decoders = {TickDecoder.class, OrderEncoder.class})";
    JavaFileObject handler =
        source(
            "ErroneousOneLine",
            annotation
                + "\n"
                + """
                public class ErroneousOneLine {
                  @OnMessage
                  void tick(Tick t) {}
                }
                """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("'OrderEncoder' implements neither")
        .inFile(handler)
        .onLine(6) // after the package, the imports and the blank lines of source(...)
        // javac places a class literal at the dot of ".class".
        .atColumn(annotation.indexOf(".class", annotation.indexOf("OrderEncoder")) + 1);
  }

  @Test
  void classThatIsNoEncoder_isErrorOnItsClassLiteral() {
    JavaFileObject handler =
        source(
            "ErroneousNotAnEncoder",
            """
            @Codecs(
                encoders = {
                  TickDecoder.class
                })
            public class ErroneousNotAnEncoder {
              @OnMessage
              void text(String s) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs encoders must implement Encoder.Text or Encoder.Binary (of dev.wsengine or"
                + " jakarta.websocket); 'TickDecoder' implements neither")
        .inFile(handler)
        .onLineContaining("TickDecoder.class");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "public abstract class Bad implements Decoder.Text<Tick> {}              | is abstract",
        "public interface Bad extends Decoder.Text<Tick> {}                      | is an interface",
        "class Bad implements Decoder.Text<Tick> { public Tick decode(String s) { return null; } }"
            + " | is not public",
        "public class Bad implements Decoder.Text<Tick> { public Bad(int i) {} "
            + "public Tick decode(String s) { return null; } }"
            + " | has no public no-argument constructor",
        "public class Bad implements Decoder.Text<Tick> { Bad() {} "
            + "public Tick decode(String s) { return null; } }"
            + " | has no public no-argument constructor",
        "public enum Bad implements Decoder.Text<Tick> { ONE; "
            + "public Tick decode(String s) { return null; } }"
            + " | is an enum",
      })
  void decoderTheEngineCannotMake_isErrorOnItsClassLiteral(String declaration, String words) {
    JavaFileObject handler =
        source(
            "ErroneousNotInstantiable",
            """
            @Codecs(
                decoders = {
                  Bad.class
                })
            public class ErroneousNotInstantiable {
              @OnMessage
              void tick(Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler, source("Bad", declaration + "\n")));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs decoders must be public, concrete classes with a public no-argument"
                + " constructor, so that the engine can make one; 'Bad' "
                + words)
        .inFile(handler)
        .onLineContaining("Bad.class");
  }

  @Test
  void innerClassDecoder_isErrorOnItsClassLiteral_andAStaticNestedOneIsFine() {
    JavaFileObject handler =
        source(
            "ErroneousInnerCodec",
            """
            @Codecs(
                decoders = {
                  ErroneousInnerCodec.Inner.class,
                  ErroneousInnerCodec.Nested.class
                })
            public class ErroneousInnerCodec {
              public class Inner implements Decoder.Text<Tick> {
                @Override
                public Tick decode(String s) {
                  return null;
                }
              }

              public static class Nested implements Decoder.Text<Tick> {
                @Override
                public Tick decode(String s) {
                  return null;
                }
              }

              @OnMessage
              void tick(Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs decoders must be public, concrete classes with a public no-argument"
                + " constructor, so that the engine can make one; 'ErroneousInnerCodec.Inner' is"
                + " an inner class")
        .inFile(handler)
        .onLineContaining("ErroneousInnerCodec.Inner.class");
  }

  @Test
  void genericDecoderLeavingItsTypeUnbound_isErrorOnItsClassLiteralWithAHint() {
    JavaFileObject handler =
        source(
            "ErroneousUnbound",
            """
            @Codecs(
                decoders = {
                  TickDecoder.class,
                  JsonDecoder.class
                },
                encoders = {
                  JsonEncoder.class
                })
            public class ErroneousUnbound {
              @OnMessage
              void tick(Tick t) {}
            }
            """);
    JavaFileObject jsonDecoder =
        source(
            "JsonDecoder",
            """
            public class JsonDecoder<T> implements Decoder.Text<T> {
              @Override
              public T decode(String s) {
                return null;
              }
            }
            """);
    // Bound through a generic superclass that leaves it unbound in turn.
    JavaFileObject jsonEncoder =
        source(
            "JsonEncoder",
            """
            public class JsonEncoder<V> extends BaseEncoder<V> {}

            abstract class BaseEncoder<E> implements Encoder.Binary<E> {
              @Override
              public java.nio.ByteBuffer encode(E object) {
                return null;
              }
            }
            """);

    Compilation compilation = compile(withMessages(handler, jsonDecoder, jsonEncoder));

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs decoders must bind the type they produce; 'JsonDecoder' implements"
                + " Decoder.Text<T> with T unbound. Declare a subclass that binds it, such as"
                + " 'class TickCodec extends JsonDecoder<Tick>'")
        .inFile(handler)
        .onLineContaining("JsonDecoder.class");
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs encoders must bind the type they encode; 'JsonEncoder' implements"
                + " Encoder.Binary<V> with V unbound. Declare a subclass that binds it, such as"
                + " 'class TickCodec extends JsonEncoder<Tick>'")
        .inFile(handler)
        .onLineContaining("JsonEncoder.class");
  }

  @Test
  void typeBoundThroughASuperclass_isWhatTheCodecProduces() {
    Compilation compilation =
        compile(
            withMessages(
                source(
                    "JsonDecoder",
                    """
                    public abstract class JsonDecoder<T> implements Decoder.Text<T> {
                      @Override
                      public T decode(String s) {
                        return null;
                      }
                    }
                    """),
                source("AckDecoder", "public class AckDecoder extends JsonDecoder<Ack> {}\n"),
                source(
                    "AckClient",
                    """
                    @Codecs(decoders = AckDecoder.class)
                    public class AckClient {
                      @OnMessage
                      void ack(Ack a) {}
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------------------------------------
  // Unreachable methods: a warning

  @Test
  void methodEveryObjectOfWhichGoesToAMoreSpecificOne_isAWarningOnTheMethod() {
    JavaFileObject handler =
        source(
            "Shadowed",
            """
            @Codecs(decoders = EventDecoder.class)
            public class Shadowed {
              @OnMessage void tick(Tick t) {}

              @OnMessage void ack(Ack a) {}

              @OnMessage void event(Event e) {}
            }
            """);

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new HandlerProcessor())
            .withOptions("-Xlint:all")
            .compile(CompiledClasses.withRecorder(List.of(withMessages(handler))));

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "@OnMessage method 'event(Event)' is never called: every Event a decoder can produce"
                + " goes to a more specific method (tick(Tick), ack(Ack))")
        .inFile(handler)
        .onLineContaining("void event");
    // A warning, so a -Werror build stops on it.
    assertThat(compile(withMessages(handler))).failed();
  }

  @Test
  void methodForASealedTypeWithASubtypeLeft_isNoWarning() {
    Compilation compilation =
        compile(
            withMessages(
                source(
                    "NotShadowed",
                    """
                    @Codecs(decoders = EventDecoder.class)
                    public class NotShadowed {
                      @OnMessage void tick(Tick t) {}

                      @OnMessage void event(Event e) {}
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------------------------------------
  // Reporting

  @Test
  void everyTypedMessageProblemIsReportedAtOnce_eachOnItsElement() {
    JavaFileObject handler =
        source(
            "ErroneousMany",
            """
            @Codecs(
                decoders = {
                  TickDecoder.class,
                  OrderEncoder.class
                })
            public class ErroneousMany {
              @OnMessage Order tick(Tick t) { return null; }

              @OnMessage void again(Tick t) {}

              @OnMessage void ack(
                  Ack a) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("'OrderEncoder' implements neither")
        .inFile(handler)
        .onLineContaining("OrderEncoder.class");
    assertThat(compilation)
        .hadErrorContaining("'tick(Tick)' returns Order")
        .inFile(handler)
        .onLineContaining("Order tick");
    assertThat(compilation)
        .hadErrorContaining("'again(Tick)' takes Tick, as 'tick(Tick)' does")
        .inFile(handler)
        .onLineContaining("void again");
    assertThat(compilation)
        .hadErrorContaining("'ack(Ack)' takes Ack")
        .inFile(handler)
        .onLineContaining("Ack a)");
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  void classWithCodecsAndNoCallbacks_isNoHandler_itsSubclassesInheritTheCodecs() {
    JavaFileObject base =
        source(
            "CodecsOnly",
            """
            @Codecs(decoders = TickDecoder.class)
            public class CodecsOnly {}
            """);
    JavaFileObject sub =
        source(
            "TicksFromBase",
            """
            public class TicksFromBase extends CodecsOnly {
              @OnMessage void tick(Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(base, sub));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.TicksFromBase_Dispatcher");
  }

  @Test
  void privateDecodedOrReplyType_isErrorOnTheParameterOrMethod() {
    JavaFileObject handler =
        source(
            "ErroneousPrivateTypes",
            """
            @Codecs(decoders = ErroneousPrivateTypes.SecretDecoder.class)
            public class ErroneousPrivateTypes {
              private record Secret(String s) {}

              public static final class SecretDecoder implements Decoder.Text<Object> {
                @Override
                public Object decode(String s) {
                  return new Secret(s);
                }
              }

              @OnMessage void secret(
                  Secret s) {}

              @OnMessage Secret text(String s) { return null; }
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "typed @OnMessage parameters and replies must be accessible from the handler's"
                + " package; 'secret(ErroneousPrivateTypes.Secret)' takes"
                + " ErroneousPrivateTypes.Secret, which is private or nested in a private class")
        .inFile(handler)
        .onLineContaining("Secret s)");
    assertThat(compilation)
        .hadErrorContaining(
            "'text(String)' returns ErroneousPrivateTypes.Secret, which is private or nested in a"
                + " private class")
        .inFile(handler)
        .onLineContaining("Secret text");
  }

  @Test
  void sealedMethodTypeUnrelatedToAnOpenDecodedType_isStillAWarningWhenEverySubtypeHasAMethod() {
    JavaFileObject handler =
        source(
            "ShadowedBeside",
            """
            @Codecs(decoders = {EventDecoder.class, ShadowedBeside.Anything.class})
            public class ShadowedBeside {
              public interface Open {}

              public static final class Anything implements Decoder.Text<Open> {
                @Override
                public Open decode(String s) {
                  return new Open() {};
                }
              }

              @OnMessage void tick(Tick t) {}

              @OnMessage void ack(Ack a) {}

              @OnMessage void event(Event e) {}

              @OnMessage void open(Open o) {}
            }
            """);

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new HandlerProcessor())
            .withOptions("-Xlint:all")
            .compile(CompiledClasses.withRecorder(List.of(withMessages(handler))));

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("@OnMessage method 'event(Event)' is never called")
        .inFile(handler)
        .onLineContaining("void event");
  }

  // ---------------------------------------------------------------------------------------------
  // Jakarta codecs, recognized by name

  @Test
  void jakartaDecoderAndEncoder_areCodecs() {
    Compilation compilation =
        compile(
            withMessages(
                JAKARTA_DECODER,
                JAKARTA_ENCODER,
                source(
                    "JakartaTickDecoder",
                    """
                    public class JakartaTickDecoder implements jakarta.websocket.Decoder.Binary<Tick> {
                      @Override
                      public Tick decode(java.nio.ByteBuffer bytes) {
                        return new Tick(bytes.getDouble());
                      }

                      @Override
                      public boolean willDecode(java.nio.ByteBuffer bytes) {
                        return bytes.remaining() == 8;
                      }
                    }
                    """),
                source(
                    "JakartaOrderEncoder",
                    """
                    public class JakartaOrderEncoder
                        implements jakarta.websocket.Encoder.Text<Order> {
                      @Override
                      public String encode(Order order) {
                        return order.toString();
                      }
                    }
                    """),
                source(
                    "JakartaClient",
                    """
                    @Codecs(decoders = JakartaTickDecoder.class, encoders = JakartaOrderEncoder.class)
                    public class JakartaClient {
                      @OnMessage
                      Order tick(Tick t) {
                        return null;
                      }
                    }
                    """)));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.JakartaClient_Dispatcher");
  }

  @Test
  void jakartaDecoderOfAnotherType_isNamedAsJakartaInTheError() {
    JavaFileObject handler =
        source(
            "ErroneousJakartaClient",
            """
            @Codecs(decoders = JakartaAckDecoder.class)
            public class ErroneousJakartaClient {
              @OnMessage
              void tick(
                  Tick t) {}
            }
            """);

    Compilation compilation =
        compile(
            withMessages(
                JAKARTA_DECODER,
                handler,
                source(
                    "JakartaAckDecoder",
                    """
                    public class JakartaAckDecoder implements jakarta.websocket.Decoder.Text<Ack> {
                      @Override
                      public Ack decode(String s) {
                        return null;
                      }

                      @Override
                      public boolean willDecode(String s) {
                        return true;
                      }
                    }
                    """)));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "'tick(Tick)' takes Tick, and the decoders of @Codecs on ErroneousJakartaClient"
                + " produce none that fits: JakartaAckDecoder (jakarta.websocket.Decoder.Text<Ack>)")
        .inFile(handler)
        .onLineContaining("Tick t)");
  }

  // ---------------------------------------------------------------------------------------------
  // @Codecs is inherited

  @Test
  void codecsOfASuperclass_applyToTheSubclass_andTheNearestOneWins() {
    JavaFileObject base =
        source(
            "Base",
            """
            @Codecs(decoders = EventDecoder.class)
            public class Base {
              @OnOpen
              void opened() {}
            }
            """);
    JavaFileObject inheriting =
        source(
            "Inheriting",
            """
            public class Inheriting extends Base {
              @OnMessage
              void ack(Ack a) {}
            }
            """);
    JavaFileObject replacing =
        source(
            "ErroneousReplacing",
            """
            @Codecs(decoders = TickDecoder.class)
            public class ErroneousReplacing extends Base {
              @OnMessage
              void ack(
                  Ack a) {}
            }
            """);

    assertThat(compile(withMessages(base, inheriting))).succeededWithoutWarnings();
    Compilation compilation = compile(withMessages(base, inheriting, replacing));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "'ack(Ack)' takes Ack, and the decoders of @Codecs on ErroneousReplacing produce none"
                + " that fits: TickDecoder (Decoder.Text<Tick>)")
        .inFile(replacing)
        .onLineContaining("Ack a)");
  }

  @Test
  void badCodecOfASuperclassInSource_isReportedOnceOnItsClassLiteral() {
    JavaFileObject base =
        source(
            "ErroneousBase",
            """
            @Codecs(
                decoders = {
                  TickDecoder.class,
                  OrderEncoder.class
                })
            public class ErroneousBase {
              @OnOpen
              void opened() {}
            }
            """);

    Compilation compilation =
        compile(
            withMessages(
                base,
                source("SubA", "public class SubA extends ErroneousBase {}\n"),
                source(
                    "SubB",
                    """
                    public class SubB extends ErroneousBase {
                      @OnMessage
                      void tick(Tick t) {}
                    }
                    """)));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("'OrderEncoder' implements neither")
        .inFile(base)
        .onLineContaining("OrderEncoder.class");
  }

  @Test
  void codecsOfALibrarySuperclass_applyToTheSubclass() {
    RecordingHandlers.compileLibrary(
        library,
        withMessages(
            source(
                "LibraryBase",
                """
                @Codecs(decoders = TickDecoder.class)
                public abstract class LibraryBase {}
                """)));

    JavaFileObject valid =
        source(
            "LibraryTicks",
            """
            public class LibraryTicks extends LibraryBase {
              @OnMessage
              void tick(Tick t) {}
            }
            """);
    JavaFileObject erroneous =
        source(
            "ErroneousLibraryAcks",
            """
            public class ErroneousLibraryAcks extends LibraryBase {
              @OnMessage
              void ack(
                  Ack a) {}
            }
            """);

    assertThat(RecordingHandlers.compileAgainst(library, valid)).succeededWithoutWarnings();
    Compilation compilation = RecordingHandlers.compileAgainst(library, erroneous);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "'ack(Ack)' takes Ack, and the decoders of @Codecs on LibraryBase produce none that"
                + " fits: TickDecoder (Decoder.Text<Tick>)")
        .inFile(erroneous)
        .onLineContaining("Ack a)");
  }

  @Test
  void badCodecOfALibrarySuperclass_isReportedOnTheHandlerClass() {
    RecordingHandlers.compileLibrary(
        library,
        withMessages(
            source(
                "LibraryBase",
                """
                @Codecs(decoders = {TickDecoder.class, OrderEncoder.class})
                public abstract class LibraryBase {}
                """)));
    JavaFileObject handler =
        source(
            "ErroneousLibrarySub",
            """
            public class ErroneousLibrarySub extends LibraryBase {
              @OnMessage
              void tick(Tick t) {}
            }
            """);

    Compilation compilation = RecordingHandlers.compileAgainst(library, handler);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@Codecs decoders must implement Decoder.Text or Decoder.Binary (of dev.wsengine or"
                + " jakarta.websocket); 'OrderEncoder' implements neither")
        .inFile(handler)
        .onLineContaining("public class ErroneousLibrarySub");
  }

  // ---------------------------------------------------------------------------------------------
  // Codec classes from another processor

  @Test
  void missingCodecClass_leavesTheErrorToJavac() {
    JavaFileObject handler =
        source(
            "ErroneousMissingCodec",
            """
            @Codecs(decoders = DoesNotExist.class)
            public class ErroneousMissingCodec {
              @OnMessage
              void tick(Tick t) {}
            }
            """);

    Compilation compilation = compile(withMessages(handler));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(handler)
        .onLineContaining("DoesNotExist.class");
  }

  @Test
  void codecClassGeneratedInALaterRound_isWaitedFor() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new GeneratesLateDecoder(), new HandlerProcessor())
            .withOptions(RecordingHandlers.STRICT)
            .compile(
                CompiledClasses.withRecorder(
                    List.of(
                        withMessages(
                            source(
                                "LateClient",
                                """
                                @Codecs(decoders = LateDecoder.class)
                                public class LateClient {
                                  @OnMessage
                                  void tick(Tick t) {}
                                }
                                """)))));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.LateClient_Dispatcher");
  }

  /** Writes {@code com.acme.LateDecoder}, a {@code Decoder.Text<Tick>}, in its first round. */
  private static final class GeneratesLateDecoder extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (written) {
        return false;
      }
      written = true;
      try (Writer out =
          processingEnv.getFiler().createSourceFile("com.acme.LateDecoder").openWriter()) {
        out.write(
            """
            package com.acme;

            public class LateDecoder implements dev.wsengine.Decoder.Text<Tick> {
              public Tick decode(String text) {
                return new Tick(0);
              }
            }
            """);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return false;
    }
  }
}
