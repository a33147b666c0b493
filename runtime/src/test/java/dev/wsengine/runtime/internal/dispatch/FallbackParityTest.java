package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.runtime.internal.dispatch.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.wsengine.internal.Diagnostic;
import dev.wsengine.internal.HandlerRules;
import dev.wsengine.internal.Problem;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.InvalidHandlerException;
import dev.wsengine.testfixtures.CompiledClasses;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fallback rejects what the processor rejects, in the same words: each bad handler below is
 * compiled with the processor (its errors are the expected messages) and without it (its classes
 * are loaded and checked by the fallback), and the fallback's problems must be the processor's
 * errors, each with {@code " for method X.y"} added where it concerns a method.
 *
 * <p>All cases are compiled together, once with and once without the processor, which keeps the
 * test fast; each case has its own package, and errors are told apart by the file they are in. The
 * fallback checks every class the processor would: each one that declares a callback, and is
 * neither local nor anonymous (the processor cannot see those; they have tests of their own).
 *
 * <p>Every diagnostic the runtime can meet is covered; {@link
 * #everyDiagnosticTheFallbackCanMeet_isCovered} keeps it so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FallbackParityTest {
  /** One bad handler (or a few classes that make one), and the diagnostics it is there for. */
  record Case(String name, List<JavaFileObject> sources, Set<Diagnostic> covers) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case of(String name, Set<Diagnostic> covers, JavaFileObject... sources) {
    return new Case(name, List.of(sources), covers);
  }

  /** A case in its own package {@code parity.<name>}, with one source. */
  private static Case of(
      String name, Diagnostic first, String className, String body, Diagnostic... more) {
    return of(name, EnumSet.of(first, more), source("parity." + name + "." + className, body));
  }

  static List<Case> cases() {
    return List.of(
        // --- Callback methods: modifiers, type parameters, annotations
        of(
            "privateCallback",
            Diagnostic.METHOD_PRIVATE,
            "ErroneousPrivate",
            """
            class ErroneousPrivate {
              @OnOpen private void opened(Connection c) {}
            }
            """),
        of(
            "staticCallback",
            Diagnostic.METHOD_STATIC,
            "ErroneousStatic",
            """
            class ErroneousStatic {
              @OnMessage static void text(String s) {}
            }
            """),
        of(
            "abstractCallback",
            Diagnostic.METHOD_ABSTRACT,
            "ErroneousAbstract",
            """
            abstract class ErroneousAbstract {
              @OnClose abstract void closed();
            }
            """),
        of(
            "typeParameters",
            Diagnostic.METHOD_TYPE_PARAMETERS,
            "ErroneousGeneric",
            """
            class ErroneousGeneric {
              @OnReadError <T extends Throwable> void failed(Throwable t) {}
              @OnCloseError <A, B extends List<A>> void closeFailed(Throwable t) {}
            }
            """),
        of(
            "twoAnnotations",
            Diagnostic.TWO_ANNOTATIONS,
            "ErroneousTwoAnnotations",
            """
            class ErroneousTwoAnnotations {
              @OnReadError
              @OnCloseError void failed(Throwable t) {}
            }
            """),
        of(
            "threeAnnotations",
            Diagnostic.TWO_ANNOTATIONS,
            "ErroneousThreeAnnotations",
            """
            class ErroneousThreeAnnotations {
              @OnClose @OnOpen @OnRestartError void lifecycle() {}
            }
            """),

        // --- Parameters
        of(
            "listParameter",
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            "ErroneousParameter",
            """
            class ErroneousParameter {
              @OnMessage void text(String s, List<String> extra) {}
            }
            """),
        of(
            "parameterOfAnotherCallback",
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            "ErroneousOpenInfoOnClose",
            """
            class ErroneousOpenInfoOnClose {
              @OnClose void closed(OpenInfo info) {}
              @OnRestartError void failed(Throwable t, Connection c) {}
              @OnCloseError void closeFailed(Connection c, CloseStatus s) {}
            }
            """),
        of(
            "typeNames",
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            "ErroneousTypeNames",
            """
            class ErroneousTypeNames<T extends Number> {
              @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)
              @interface Nullable {}

              @OnMessage void text(
                  String s,
                  Map<String, List<? extends Number>> map,
                  int[] ints,
                  List<?> any,
                  Map.Entry<String, ? super Integer> entry,
                  @Nullable List<@Nullable String> annotated,
                  T variable,
                  Thread.State nested,
                  List<String>[] arrayOfLists,
                  java.util.function.Function<T[], ? extends T> function,
                  long primitive,
                  Object... varargs) {}
            }
            """),
        of(
            "sameTypeTwice",
            Diagnostic.PARAMETER_TWICE,
            "ErroneousTwice",
            """
            class ErroneousTwice {
              @OnOpen void opened(Connection a, Connection b, Connection c) {}
            }
            """),
        of(
            "noMessageParameter",
            Diagnostic.MESSAGE_PARAMETER_MISSING,
            "ErroneousNoMessage",
            """
            class ErroneousNoMessage {
              @OnMessage void text(Connection c) {}
            }
            """),
        of(
            "twoMessageParameters",
            Diagnostic.MESSAGE_PARAMETER_EXTRA,
            "ErroneousTwoMessages",
            """
            class ErroneousTwoMessages {
              @OnMessage void both(String s, byte[] b, Message m) {}
            }
            """),

        // --- Return types
        of(
            "returnTypes",
            Diagnostic.RETURN_NOT_ACCEPTED,
            "ErroneousReturns",
            """
            class ErroneousReturns {
              @OnMessage int text(String s) { return 0; }
              @OnMessage List<String> binary(byte[] b) { return null; }
              @OnClose String closed() { return null; }
              @OnOpen boolean opened() { return true; }
              @OnReadError Object failed() { return null; }
            }
            """),

        // --- One of each per class
        of(
            "twoOnOpens",
            Diagnostic.CALLBACK_TWICE,
            "ErroneousTwoOpens",
            """
            class ErroneousTwoOpens {
              @OnOpen void first() {}
              @OnOpen void second(Connection c) {}
              @OnClose void closed() {}
              @OnOpen void third() {}
            }
            """),
        of(
            "twoTextHandlers",
            Diagnostic.MESSAGE_KIND_TWICE,
            "ErroneousTwoText",
            """
            class ErroneousTwoText {
              @OnMessage void text(String s) {}
              @OnMessage void any(Message m) {}
              @OnMessage void bytes(byte[] b) {}
              @OnMessage void buffer(ByteBuffer b) {}
            }
            """),

        // --- The class
        of(
            "privateNestedClass",
            Diagnostic.CLASS_PRIVATE,
            "ErroneousOuter",
            """
            class ErroneousOuter {
              private static class Hidden {
                @OnOpen void opened() {}
              }
            }
            """),
        of(
            "nestedInPrivateClass",
            Diagnostic.CLASS_IN_PRIVATE_CLASS,
            "ErroneousDeep",
            """
            class ErroneousDeep {
              private static class Hidden {
                static class Handler {
                  @OnOpen void opened() {}
                }
              }
            }
            """),
        of(
            "innerClass",
            Diagnostic.CLASS_INNER,
            "ErroneousInner",
            """
            class ErroneousInner {
              class Handler {
                @OnOpen void opened() {}
              }
            }
            """),
        of(
            "innerClassWithBadMethods",
            Diagnostic.CLASS_INNER,
            "ErroneousInnerMany",
            """
            class ErroneousInnerMany {
              private class Handler {
                @OnOpen private void opened(String s) {}
              }
            }
            """,
            Diagnostic.CLASS_PRIVATE,
            Diagnostic.METHOD_PRIVATE,
            Diagnostic.PARAMETER_NOT_ACCEPTED),
        of(
            "callbacksInAnInterface",
            Diagnostic.NOT_A_CLASS,
            "ErroneousInterface",
            """
            interface ErroneousInterface {
              @OnOpen default void opened() {}
              @OnMessage void text(String s);
            }
            """,
            Diagnostic.METHOD_ABSTRACT),
        of(
            "annotationType",
            Diagnostic.NOT_A_CLASS,
            "ErroneousAnnotation",
            """
            @interface ErroneousAnnotation {
              @OnMessage String value();
            }
            """),
        of(
            "staticMembersThatAreImplicitlyStatic",
            Diagnostic.METHOD_PRIVATE,
            "ErroneousHolder",
            """
            interface ErroneousHolder {
              class InInterface {
                @OnOpen private void opened() {}
              }
              enum AnEnum {
                A;
                @OnClose static void closed() {}
              }
              record ARecord(int x) {
                @OnMessage int text(String s) { return x; }
              }
            }
            """,
            Diagnostic.METHOD_STATIC,
            Diagnostic.RETURN_NOT_ACCEPTED,
            Diagnostic.NOT_A_CLASS),
        of(
            "deeplyNested",
            Diagnostic.METHOD_STATIC,
            "ErroneousOuterMost",
            """
            class ErroneousOuterMost {
              static class Middle {
                static class Handler {
                  @OnOpen static void opened() {}
                }
              }
            }
            """),

        // --- Inheritance
        of(
            "secondOnOpenInASubclass",
            EnumSet.of(Diagnostic.CALLBACK_TWICE),
            source(
                "parity.secondOnOpenInASubclass.Base",
                "public class Base {\n  @OnOpen void first() {}\n}\n"),
            source(
                "parity.secondOnOpenInASubclass.Sub",
                "public class Sub extends Base {\n  @OnOpen void second() {}\n}\n")),
        of(
            "inheritedProblem",
            EnumSet.of(Diagnostic.PARAMETER_NOT_ACCEPTED, Diagnostic.METHOD_STATIC),
            source(
                "parity.inheritedProblem.Base",
                "public class Base {\n  @OnOpen void opened(String s) {}\n  @OnClose static void closed() {}\n}\n"),
            source(
                "parity.inheritedProblem.Sub",
                "public class Sub extends Base {\n  @OnMessage void text(String s) {}\n}\n")),
        of(
            "unannotatedOverrideKeepsTheCallback",
            EnumSet.of(Diagnostic.RETURN_NOT_ACCEPTED, Diagnostic.PARAMETER_NOT_ACCEPTED),
            source(
                "parity.unannotatedOverrideKeepsTheCallback.Base",
                "public class Base {\n  @OnMessage Object text(String s) { return null; }\n}\n"),
            source(
                "parity.unannotatedOverrideKeepsTheCallback.Sub",
                """
                public class Sub extends Base {
                  @Override Integer text(String s) { return 1; }
                  @OnOpen void opened(ByteBuffer b) {}
                }
                """)),
        of(
            "annotatedOverrideReplaces",
            EnumSet.of(Diagnostic.PARAMETER_NOT_ACCEPTED),
            source(
                "parity.annotatedOverrideReplaces.Base",
                "public class Base {\n  @OnReadError void failed(Throwable t, Connection c) {}\n}\n"),
            source(
                "parity.annotatedOverrideReplaces.Sub",
                "public class Sub extends Base {\n  @OnCloseError @Override void failed(Throwable t, Connection c) {}\n}\n")),
        of(
            "inheritedFromAnotherPackage",
            EnumSet.of(Diagnostic.METHOD_INHERITED_NOT_PUBLIC),
            source(
                "parity.inheritedFromAnotherPackage.base.Base",
                """
                public class Base {
                  @OnMessage protected void received(String text) {}
                  @OnClose void closed() {}
                  @OnOpen public void opened() {}
                }
                """),
            source(
                "parity.inheritedFromAnotherPackage.acme.Sub",
                """
                public class Sub extends parity.inheritedFromAnotherPackage.base.Base {
                  @OnReadError void failed() {}
                }
                """)),
        of(
            "genericSuperclass",
            EnumSet.of(Diagnostic.PARAMETER_NOT_ACCEPTED, Diagnostic.RETURN_NOT_ACCEPTED),
            source(
                "parity.genericSuperclass.Base",
                """
                public abstract class Base<T, R> {
                  @OnMessage R received(String s, T extra) { return null; }
                }
                """),
            source(
                "parity.genericSuperclass.Middle",
                "public abstract class Middle<X> extends Base<List<X>, X> {\n  @OnOpen void opened() {}\n}\n"),
            source(
                "parity.genericSuperclass.Sub",
                "public class Sub extends Middle<Integer> {\n  @OnClose void closed() {}\n}\n"),
            source(
                "parity.genericSuperclass.RawSub",
                "@SuppressWarnings(\"rawtypes\")\npublic class RawSub extends Base {\n  @OnClose void closed() {}\n}\n")),
        of(
            "genericMethodOverride",
            EnumSet.of(Diagnostic.METHOD_TYPE_PARAMETERS, Diagnostic.MESSAGE_PARAMETER_MISSING),
            source(
                "parity.genericMethodOverride.Base",
                "public class Base {\n  @OnMessage <T> void received(T message) {}\n}\n"),
            source(
                "parity.genericMethodOverride.Sub",
                "public class Sub extends Base {\n  @Override <U> void received(U message) {}\n  @OnOpen void opened() {}\n}\n")),

        // --- Typed messages: codecs, decoded parameters, encoded replies
        of(
            "codecs",
            EnumSet.of(
                Diagnostic.NOT_A_CODEC,
                Diagnostic.CODEC_NOT_INSTANTIABLE,
                Diagnostic.CODEC_TYPE_UNBOUND,
                Diagnostic.NO_DECODER,
                Diagnostic.NO_ENCODER,
                Diagnostic.DECODED_TYPE_TWICE),
            source("parity.codecs.Tick", "public record Tick(long price) {}\n"),
            source("parity.codecs.Quote", "public record Quote(long bid) {}\n"),
            source(
                "parity.codecs.Codecs_",
                """
                public final class Codecs_ {
                  public static final class TickDecoder implements Decoder.Text<Tick> {
                    public Tick decode(String s) { return new Tick(1); }
                  }
                  public abstract static class AbstractDecoder implements Decoder.Text<Tick> {}
                  public static class Generic<T> implements Decoder.Binary<T> {
                    public T decode(ByteBuffer b) { return null; }
                  }
                  public static final class NoConstructor implements Encoder.Text<Tick> {
                    public NoConstructor(int x) {}
                    public String encode(Tick t) { return ""; }
                  }
                }
                """),
            source(
                "parity.codecs.ErroneousCodecs",
                """
                @Codecs(
                    decoders = {Codecs_.TickDecoder.class, String.class, Codecs_.AbstractDecoder.class,
                                Codecs_.Generic.class},
                    encoders = {Codecs_.NoConstructor.class, Codecs_.TickDecoder.class})
                class ErroneousCodecs {
                  @OnMessage Quote tick(Tick t) { return null; }
                  @OnMessage void quote(Quote q) {}
                  @OnMessage void again(Tick t, Connection c) {}
                  @OnMessage void text(String s) {}
                }
                """),
            source(
                "parity.codecs.ErroneousNoCodecs",
                """
                class ErroneousNoCodecs {
                  @OnMessage Tick tick(Tick t) { return t; }
                }
                """)),
        of(
            "privateTypes",
            Diagnostic.TYPE_PRIVATE,
            "ErroneousPrivateTypes",
            """
            @Codecs(decoders = ErroneousPrivateTypes.SecretDecoder.class)
            class ErroneousPrivateTypes {
              private record Secret(String s) {}
              public static final class SecretDecoder implements Decoder.Text<Object> {
                public Object decode(String s) { return new Secret(s); }
              }
              @OnMessage void secret(Secret s) {}
              @OnMessage Secret text(String s) { return null; }
            }
            """),
        of(
            "codecsInherited",
            EnumSet.of(Diagnostic.NO_DECODER),
            source("parity.codecsInherited.Tick", "public record Tick(long price) {}\n"),
            source(
                "parity.codecsInherited.Base",
                """
                @Codecs(decoders = Base.TickDecoder.class)
                public class Base {
                  public static final class TickDecoder implements Decoder.Text<Tick> {
                    public Tick decode(String s) { return new Tick(1); }
                  }
                  @OnMessage void tick(Tick t) {}
                }
                """),
            source(
                "parity.codecsInherited.ErroneousSub",
                """
                public class ErroneousSub extends Base {
                  @OnMessage void text(Integer quote) {}
                }
                """)),

        // --- Many problems in one class: all reported, in order
        of(
            "everythingAtOnce",
            Diagnostic.METHOD_PRIVATE,
            "ErroneousMany",
            """
            class ErroneousMany {
              @OnOpen private int opened(String s) { return 0; }
              @OnMessage static void text(Connection c) {}
              @OnClose void closed() {}
              @OnClose void closedAgain() {}
              @OnMessage void any(Message m, EngineControl a, EngineControl b) {}
              @OnMessage void bytes(byte[] b) {}
            }
            """,
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            Diagnostic.RETURN_NOT_ACCEPTED,
            Diagnostic.METHOD_STATIC,
            Diagnostic.MESSAGE_PARAMETER_MISSING,
            Diagnostic.CALLBACK_TWICE,
            Diagnostic.PARAMETER_TWICE,
            Diagnostic.MESSAGE_KIND_TWICE));
  }

  /** The processor's errors, by case. */
  private final Map<String, List<String>> processorErrors = new HashMap<>();

  /** The classes of every case, compiled without the processor. */
  private Compilations.Loaded loaded;

  @BeforeAll
  void compileEveryCase() {
    List<JavaFileObject> sources = new ArrayList<>();
    Map<java.net.URI, String> caseOfSource = new HashMap<>();
    for (Case c : cases()) {
      processorErrors.put(c.name(), new ArrayList<>());
      for (JavaFileObject source : c.sources()) {
        sources.add(source);
        caseOfSource.put(source.toUri(), c.name());
      }
    }
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new dev.wsengine.processor.HandlerProcessor())
            .withOptions("-Xmaxerrs", "10000")
            .compile(Stream.concat(sources.stream(), Stream.of(CompiledClasses.RECORDER)).toList());
    for (javax.tools.Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String name = caseOfSource.get(error.getSource().toUri());
      assertWithMessage("error outside every case: %s", error).that(name).isNotNull();
      processorErrors.get(name).add(error.getMessage(Locale.ROOT));
    }
    loaded = Compilations.load(Compilations.withoutProcessor(sources));
  }

  private static final Pattern FOR_METHOD =
      Pattern.compile("^(.*) for method ((?:[\\w$]+\\.)+)([\\w$]+)$", Pattern.DOTALL);
  private static final Pattern FIRST_SIGNATURE = Pattern.compile("'([\\w$]+)\\(");

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fallbackReportsWhatTheProcessorReports_withTheMethodAdded(Case c) {
    List<String> expected = processorErrors.get(c.name());
    assertWithMessage("the processor must reject case %s", c).that(expected).isNotEmpty();

    List<Class<?>> handlers = handlerClasses(c);
    List<String> fallback = new ArrayList<>();
    for (Class<?> handler : handlers) {
      fallback.addAll(fallbackProblems(handler));
    }

    List<String> withoutSuffix = new ArrayList<>();
    for (String problem : fallback) {
      Matcher m = FOR_METHOD.matcher(problem);
      if (!m.matches()) {
        withoutSuffix.add(problem); // a problem of the class itself: nothing added
        continue;
      }
      String message = m.group(1);
      withoutSuffix.add(message);
      // The suffix names the method the message is about: the first signature it quotes.
      Matcher signature = FIRST_SIGNATURE.matcher(message);
      assertWithMessage("a method problem quotes its method: %s", problem)
          .that(signature.find())
          .isTrue();
      assertWithMessage("suffix of %s", problem).that(m.group(3)).isEqualTo(signature.group(1));
    }
    if (handlers.size() == 1) {
      assertThat(withoutSuffix).containsExactlyElementsIn(expected).inOrder();
    } else {
      // Several classes: the processor's order of classes is javac's, not ours.
      assertThat(withoutSuffix).containsExactlyElementsIn(expected);
    }
    for (String problem : fallback) {
      if (FOR_METHOD.matcher(problem).matches()) {
        assertThat(problem).doesNotContain("\n");
      }
    }
  }

  /**
   * Warnings leave a handler valid: the processor reports them as compiler warnings, the fallback
   * logs them, both from the same rules; here both front ends must find the same ones.
   */
  @Test
  void warningsAreTheProcessorsToo() {
    List<JavaFileObject> sources =
        List.of(
            source(
                "parity.warnings.Event",
                "public sealed interface Event permits Event.Tick, Event.Ack {\n"
                    + "  record Tick(long price) implements Event {}\n"
                    + "  record Ack(long id) implements Event {}\n"
                    + "}\n"),
            source(
                "parity.warnings.Shadowed",
                """
                @Codecs(decoders = Shadowed.EventDecoder.class)
                class Shadowed {
                  public static final class EventDecoder implements Decoder.Text<Event> {
                    public Event decode(String s) { return new Event.Ack(1); }
                  }
                  @OnMessage void event(Event e) {}
                  @OnMessage void tick(Event.Tick t) {}
                  @OnMessage void ack(Event.Ack a) {}
                }
                """));
    Compilation compilation = Compilations.withProcessor(sources);
    assertThat(compilation.errors()).isEmpty();
    List<String> processorWarnings = new ArrayList<>();
    for (javax.tools.Diagnostic<? extends JavaFileObject> warning : compilation.warnings()) {
      if (warning.getSource() != null) {
        processorWarnings.add(warning.getMessage(Locale.ROOT));
      }
    }
    Class<?> handler =
        Compilations.load(Compilations.withoutProcessor(sources))
            .loadClass("parity.warnings.Shadowed");
    List<String> fallbackWarnings = new ArrayList<>();
    HandlerRules.check(ReflectiveHandlerScanner.scan(handler).shape())
        .warnings()
        .forEach(w -> fallbackWarnings.add(w.message()));
    assertThat(fallbackWarnings)
        .containsExactly(
            "@OnMessage method 'event(Event)' is never called: every Event a decoder can produce"
                + " goes to a more specific method (tick(Event.Tick), ack(Event.Ack))");
    assertThat(processorWarnings).containsExactlyElementsIn(fallbackWarnings);

    // The fallback says so in the log, where a compiler would have warned.
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.wsengine.runtime");
    List<java.util.logging.LogRecord> records = new ArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      Dispatchers.validate(handler);
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(new java.util.logging.SimpleFormatter().formatMessage(records.get(0)))
        .isEqualTo(
            "parity.warnings.Shadowed: " + fallbackWarnings.get(0) + " for method Shadowed.event");
  }

  @Test
  void suffixNamesTheDeclaringClassOfTheMethod() {
    assertThat(
            fallbackProblems(
                loaded.loadClass("parity.deeplyNested.ErroneousOuterMost$Middle$Handler")))
        .containsExactly(
            "@OnOpen methods must not be static; 'opened()' is static for method ErroneousOuterMost.Middle.Handler.opened");
    assertThat(fallbackProblems(loaded.loadClass("parity.inheritedProblem.Sub")))
        .containsExactly(
            "@OnOpen methods accept parameters of type Connection, EngineControl or OpenInfo; 'opened(String)'"
                + " declares String for method Base.opened",
            "@OnClose methods must not be static; 'closed()' is static for method Base.closed")
        .inOrder();
  }

  /**
   * The classes the processor checks: those that declare a callback, except local and anonymous
   * ones.
   */
  private List<Class<?>> handlerClasses(Case c) {
    List<Class<?>> handlers = new ArrayList<>();
    for (String name : loaded.names()) {
      if (!name.startsWith("parity." + c.name() + ".")) {
        continue;
      }
      Class<?> type = loaded.loadClass(name);
      if (HandlerClasses.declaresCallbacks(type)
          && !type.isLocalClass()
          && !type.isAnonymousClass()) {
        handlers.add(type);
      }
    }
    assertWithMessage("handler classes of %s", c).that(handlers).isNotEmpty();
    return handlers;
  }

  /**
   * The fallback's problems with {@code type}, empty for a valid class: by {@link
   * Dispatchers#validate}, and where the class can be instantiated, by {@link Dispatchers#create}
   * too, which must say the same.
   */
  private List<String> fallbackProblems(Class<?> type) {
    List<String> problems = List.of();
    String message = null;
    try {
      Dispatchers.validate(type);
    } catch (InvalidHandlerException e) {
      assertThat(e.handlerClass()).isEqualTo(type);
      problems = e.problems();
      message = e.getMessage();
    }
    Object instance = instantiate(type);
    if (instance != null) {
      if (problems.isEmpty()) {
        assertThat(Dispatchers.create(instance, DispatcherMode.FALLBACK).handler())
            .isSameInstanceAs(instance);
      } else {
        InvalidHandlerException fromCreate =
            assertThrows(
                InvalidHandlerException.class,
                () -> Dispatchers.create(instance, DispatcherMode.FALLBACK));
        assertThat(fromCreate.problems()).isEqualTo(problems);
        assertThat(fromCreate).hasMessageThat().isEqualTo(message);
      }
    }
    return problems;
  }

  private static Object instantiate(Class<?> type) {
    if (type.isInterface()
        || Modifier.isAbstract(type.getModifiers())
        || type.isEnum()
        || type.isRecord()) {
      return null;
    }
    try {
      java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      return null; // an inner class: its constructor takes the outer instance
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The cases cover every diagnostic the processor can report, except the processor's own crash;
   * those only the fallback can meet (local and anonymous classes, a class with no callbacks) are
   * pinned by {@link FallbackValidationTest}.
   */
  @Test
  void everyDiagnosticTheFallbackCanMeet_isCovered() {
    Set<Diagnostic> covered = EnumSet.noneOf(Diagnostic.class);
    Set<Diagnostic> found = EnumSet.noneOf(Diagnostic.class);
    for (Case c : cases()) {
      covered.addAll(c.covers());
      for (Class<?> handler : handlerClasses(c)) {
        ReflectiveHandlerScanner.Scanned scanned = ReflectiveHandlerScanner.scan(handler);
        HandlerRules.Result result = HandlerRules.check(scanned.shape());
        for (Problem problem : result.problems()) {
          found.add(problem.diagnostic());
        }
        if (result.isValid()) {
          result.warnings().forEach(w -> found.add(w.diagnostic()));
        }
      }
    }
    Set<Diagnostic> fallbackOnly =
        EnumSet.of(Diagnostic.CLASS_LOCAL, Diagnostic.CLASS_ANONYMOUS, Diagnostic.NO_CALLBACKS);
    // Warnings have a parity test of their own, on valid handlers.
    covered.add(Diagnostic.UNREACHABLE);
    found.add(Diagnostic.UNREACHABLE);
    Set<Diagnostic> expected = EnumSet.complementOf(EnumSet.of(Diagnostic.INTERNAL_ERROR));
    expected.removeAll(fallbackOnly);
    assertThat(found).containsExactlyElementsIn(expected);
    assertWithMessage("what the cases say they cover").that(covered).isEqualTo(found);
  }
}
