package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.internal.dispatch.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.wsengine.Message;
import dev.wsengine.OnOpen;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.InvalidHandlerException;
import dev.wsengine.runtime.internal.dispatch.handlers.EveryCallback;
import dev.wsengine.runtime.internal.dispatch.handlers.Inheritance;
import dev.wsengine.runtime.internal.dispatch.handlers.MessageKinds;
import dev.wsengine.runtime.internal.dispatch.handlers.Outer;
import dev.wsengine.runtime.internal.dispatch.handlers.Recorder;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import dev.wsengine.testing.RecordingConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which dispatcher {@link Dispatchers#create} picks in each mode: the generated one by the
 * processor's naming rule, up the superclasses where a subclass adds no callbacks; the fallback
 * where none exists (a class compiled here without the processor); and what goes wrong, and how it
 * says so.
 */
class DispatcherLookupTest {
  private static final String HANDLERS = "dev.wsengine.runtime.internal.dispatch.handlers.";

  private final Recorder recorder = new Recorder();
  private final String savedMode = System.getProperty(Dispatchers.MODE_PROPERTY);

  @AfterEach
  void restoreModeProperty() {
    if (savedMode == null) {
      System.clearProperty(Dispatchers.MODE_PROPERTY);
    } else {
      System.setProperty(Dispatchers.MODE_PROPERTY, savedMode);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generated dispatchers, by name

  @ParameterizedTest
  @ValueSource(strings = {"AUTO", "GENERATED"})
  void topLevelHandler_getsFooDispatcher(DispatcherMode mode) {
    assertThat(Dispatchers.create(new EveryCallback(recorder), mode).getClass().getName())
        .isEqualTo(HANDLERS + "EveryCallback_Dispatcher");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AUTO", "GENERATED"})
  void nestedHandlers_getOuterInnerDispatcher(DispatcherMode mode) {
    assertThat(Dispatchers.create(new Outer.Nested(recorder), mode).getClass().getName())
        .isEqualTo(HANDLERS + "Outer_Nested_Dispatcher");
    assertThat(Dispatchers.create(new Outer.Nested.Deeper(recorder), mode).getClass().getName())
        .isEqualTo(HANDLERS + "Outer_Nested_Deeper_Dispatcher");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AUTO", "GENERATED"})
  void subclassWithoutCallbacks_getsItsNearestAnnotatedSuperclasssDispatcher(DispatcherMode mode) {
    assertThat(
            Dispatchers.create(new Inheritance.SubWithoutCallbacks(recorder), mode)
                .getClass()
                .getName())
        .isEqualTo(HANDLERS + "Inheritance_Base_Dispatcher");
    assertThat(
            Dispatchers.create(new Inheritance.GrandchildWithoutCallbacks(recorder), mode)
                .getClass()
                .getName())
        .isEqualTo(HANDLERS + "Inheritance_Base_Dispatcher");
  }

  @Test
  void subclassWithCallbacks_getsItsOwnDispatcher() {
    assertThat(
            Dispatchers.create(new Inheritance.SubWithCallbacks(recorder), DispatcherMode.GENERATED)
                .getClass()
                .getName())
        .isEqualTo(HANDLERS + "Inheritance_SubWithCallbacks_Dispatcher");
  }

  @Test
  void dispatcherName_followsTheProcessorsRule() {
    assertThat(GeneratedDispatcherLookup.dispatcherName(EveryCallback.class))
        .hasValue(HANDLERS + "EveryCallback_Dispatcher");
    assertThat(GeneratedDispatcherLookup.dispatcherName(Outer.Nested.Deeper.class))
        .hasValue(HANDLERS + "Outer_Nested_Deeper_Dispatcher");
    class Local {}
    assertThat(GeneratedDispatcherLookup.dispatcherName(Local.class)).isEmpty();
    assertThat(GeneratedDispatcherLookup.dispatcherName(new Object() {}.getClass())).isEmpty();
  }

  @Test
  void fallbackMode_ignoresTheGeneratedDispatcher() {
    Dispatcher<EveryCallback> dispatcher =
        Dispatchers.create(new EveryCallback(recorder), DispatcherMode.FALLBACK);

    assertThat(dispatcher.getClass().getName())
        .startsWith(HANDLERS + "EveryCallback$WsengineDispatcher$");
  }

  @Test
  void fallbackClass_isGeneratedOncePerHandlerClass() {
    Class<?> first =
        Dispatchers.create(new MessageKinds.TextOnly(recorder), DispatcherMode.FALLBACK).getClass();
    Class<?> second =
        Dispatchers.create(new MessageKinds.TextOnly(new Recorder()), DispatcherMode.FALLBACK)
            .getClass();
    // A subclass without callbacks shares its superclass's.
    Class<?> base =
        Dispatchers.create(new Inheritance.Base(recorder), DispatcherMode.FALLBACK).getClass();
    Class<?> sub =
        Dispatchers.create(new Inheritance.SubWithoutCallbacks(recorder), DispatcherMode.FALLBACK)
            .getClass();

    assertThat(second).isSameInstanceAs(first);
    assertThat(sub).isSameInstanceAs(base);
  }

  // ---------------------------------------------------------------------------------------------
  // Classes compiled without the processor

  private static final List<javax.tools.JavaFileObject> PLAIN =
      List.of(
          source(
              "com.acme.Plain",
              """
              public class Plain {
                @OnMessage
                String received(String text) {
                  Recorder.record("Plain.received", text);
                  return "echo " + text;
                }
              }
              """),
          source("com.acme.PlainSub", "public class PlainSub extends Plain {}\n"));

  @Test
  void auto_fallsBackWhenThereIsNoGeneratedDispatcher() throws Exception {
    Compilations.Loaded loaded = Compilations.load(Compilations.withoutProcessor(PLAIN));
    RecordingConnection connection = new RecordingConnection();

    Dispatcher<Object> dispatcher =
        Dispatchers.create(loaded.newInstance("com.acme.Plain"), DispatcherMode.AUTO);
    dispatcher.onText("hi", FakeScope.empty().connection(connection));

    assertThat(dispatcher.getClass().getName()).startsWith("com.acme.Plain$WsengineDispatcher$");
    assertThat(loaded.recorded()).containsExactly(List.of("Plain.received", "hi"));
    assertThat(connection.sent()).containsExactly(Message.text("echo hi"));
  }

  @Test
  void auto_saysOncePerClassThatItFellBack() {
    Compilations.Loaded loaded = Compilations.load(Compilations.withoutProcessor(PLAIN));
    Logger logger = Logger.getLogger("dev.wsengine.runtime");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      Dispatchers.create(loaded.newInstance("com.acme.Plain"), DispatcherMode.AUTO);
      Dispatchers.create(loaded.newInstance("com.acme.Plain"), DispatcherMode.AUTO);
      Dispatchers.create(new EveryCallback(recorder), DispatcherMode.AUTO);
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.INFO);
    assertThat(new SimpleFormatter().formatMessage(records.get(0)))
        .isEqualTo(
            "no generated dispatcher for com.acme.Plain (looked for com.acme.Plain_Dispatcher);"
                + " using one generated at run time with Byte Buddy. Put wsengine-processor on the"
                + " annotation processor path to have handlers checked at compile time");
  }

  @Test
  void auto_fallsBackForTheNearestAnnotatedSuperclass_whenNoClassOnTheWayHasAGeneratedDispatcher() {
    Compilations.Loaded loaded = Compilations.load(Compilations.withoutProcessor(PLAIN));

    Dispatcher<Object> dispatcher =
        Dispatchers.create(loaded.newInstance("com.acme.PlainSub"), DispatcherMode.AUTO);

    assertThat(dispatcher.getClass().getName()).startsWith("com.acme.Plain$WsengineDispatcher$");
  }

  @Test
  void auto_doesNotUseASuperclasssGeneratedDispatcher_forASubclassWithCallbacksOfItsOwn()
      throws Exception {
    Compilation compilation =
        Compilations.withoutProcessor(
            List.of(
                source(
                    "com.acme.MoreCallbacks",
                    """
                    public class MoreCallbacks extends %sInheritance.PublicBase {
                      @OnCloseError
                      void closeFailed() {
                        Recorder.record("MoreCallbacks.closeFailed");
                      }
                    }
                    """
                        .formatted(HANDLERS))));
    Compilations.Loaded loaded = Compilations.load(compilation);

    Dispatcher<Object> dispatcher =
        Dispatchers.create(loaded.newInstance("com.acme.MoreCallbacks"), DispatcherMode.AUTO);
    dispatcher.onCloseError(FakeScope.empty());

    // Inheritance_PublicBase_Dispatcher exists, but would miss the subclass's own callback.
    assertThat(dispatcher.getClass().getName())
        .startsWith("com.acme.MoreCallbacks$WsengineDispatcher$");
    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(loaded.recorded()).containsExactly(List.of("MoreCallbacks.closeFailed"));
  }

  @Test
  void generated_withoutAGeneratedDispatcher_isAnErrorNamingTheClassLookedFor() {
    Compilations.Loaded loaded = Compilations.load(Compilations.withoutProcessor(PLAIN));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Dispatchers.create(loaded.newInstance("com.acme.Plain"), DispatcherMode.GENERATED));

    assertThat(e).isNotInstanceOf(InvalidHandlerException.class);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "no generated dispatcher for com.acme.Plain (dispatcher mode GENERATED): looked for"
                + " com.acme.Plain_Dispatcher. Put wsengine-processor on the annotation processor path"
                + " of the build that compiles com.acme.Plain, or use dispatcher mode AUTO to fall back"
                + " to one generated at run time");
  }

  @Test
  void generated_withoutAGeneratedDispatcher_namesEveryClassLookedFor_upTheSuperclasses() {
    Compilations.Loaded loaded = Compilations.load(Compilations.withoutProcessor(PLAIN));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Dispatchers.create(
                    loaded.newInstance("com.acme.PlainSub"), DispatcherMode.GENERATED));

    assertThat(e)
        .hasMessageThat()
        .startsWith(
            "no generated dispatcher for com.acme.PlainSub (dispatcher mode GENERATED): looked for"
                + " com.acme.PlainSub_Dispatcher, then com.acme.Plain_Dispatcher. Put wsengine-processor");
  }

  @Test
  void generated_forAClassTheProcessorCannotSee_reportsWhyItIsInvalid() {
    class LocalHandler {
      @OnOpen
      void opened() {}
    }

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () -> Dispatchers.create(new LocalHandler(), DispatcherMode.GENERATED));

    assertThat(e.problems())
        .containsExactly(
            "handler classes must be top-level or static nested classes; 'LocalHandler' is a local"
                + " class. Move it out of the method");
  }

  @Test
  void aClassNamedLikeADispatcherThatIsNotOne_isAClearError() {
    Compilations.Loaded loaded =
        Compilations.load(
            Compilations.withoutProcessor(
                List.of(
                    source("com.acme.Fake", "public class Fake {\n  @OnOpen void opened() {}\n}\n"),
                    source("com.acme.Fake_Dispatcher", "public class Fake_Dispatcher {}\n"))));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Dispatchers.create(loaded.newInstance("com.acme.Fake"), DispatcherMode.AUTO));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "com.acme.Fake_Dispatcher is named like the generated dispatcher of com.acme.Fake but does"
                + " not implement dev.wsengine.spi.Dispatcher; rename it, or rebuild so that the"
                + " annotation processor writes it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AUTO", "GENERATED", "FALLBACK"})
  void aClassWithoutCallbacks_isInvalidInEveryMode(DispatcherMode mode) {
    InvalidHandlerException e =
        assertThrows(InvalidHandlerException.class, () -> Dispatchers.create(new Object(), mode));

    assertThat(e.handlerClass()).isEqualTo(Object.class);
    assertThat(e.problems())
        .containsExactly(
            "handler classes must declare at least one method annotated @OnOpen, @OnMessage,"
                + " @OnClose, @OnReadError, @OnCloseError or @OnRestartError; 'Object' has none");
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(NullPointerException.class, () -> Dispatchers.create(null, DispatcherMode.AUTO));
    assertThrows(
        NullPointerException.class, () -> Dispatchers.create(new EveryCallback(recorder), null));
    assertThrows(NullPointerException.class, () -> Dispatchers.validate(null));
  }

  // ---------------------------------------------------------------------------------------------
  // The default mode

  @Test
  void defaultMode_isAutoWithoutTheProperty() {
    System.clearProperty(Dispatchers.MODE_PROPERTY);

    assertThat(Dispatchers.defaultMode()).isEqualTo(DispatcherMode.AUTO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "GENERATED", "Fallback", " fallback "})
  void defaultMode_readsThePropertyInAnyCase(String value) {
    System.setProperty(Dispatchers.MODE_PROPERTY, value);

    assertThat(Dispatchers.defaultMode().name())
        .isEqualTo(value.strip().toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void defaultMode_withABadValue_namesThePropertyTheValueAndTheAcceptedValues() {
    System.setProperty(Dispatchers.MODE_PROPERTY, "bytebuddy");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, Dispatchers::defaultMode);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "system property dev.wsengine.dispatcher must be auto, generated or fallback (in any"
                + " case); got 'bytebuddy'");
  }
}
