package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.internal.dispatch.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.wsengine.Connection;
import dev.wsengine.Message;
import dev.wsengine.OnOpen;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.InvalidHandlerException;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import dev.wsengine.testing.RecordingConnection;
import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the fallback can check (javac shows processors nothing inside method bodies, and only
 * classes that declare callbacks), the form of its exception, and the handlers it must get right
 * where reflection and javac see a class differently.
 */
class FallbackValidationTest {
  @TempDir File library;

  // ---------------------------------------------------------------------------------------------
  // Rules only the fallback applies, with the whole exception message

  @ParameterizedTest
  @EnumSource(
      value = DispatcherMode.class,
      names = {"AUTO", "FALLBACK"})
  void localClass_isRejected(DispatcherMode mode) {
    class LocalHandler {
      @OnOpen
      void opened() {}
    }

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class, () -> Dispatchers.create(new LocalHandler(), mode));

    assertThat(e.handlerClass()).isEqualTo(LocalHandler.class);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            LocalHandler.class.getName()
                + " is not a valid wsengine handler (1 problem):\n"
                + "  handler classes must be top-level or static nested classes; 'LocalHandler' is a"
                + " local class. Move it out of the method");
  }

  @Test
  void anonymousClass_isRejected() {
    Object handler =
        new Object() {
          @OnOpen
          void opened() {}
        };

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class, () -> Dispatchers.create(handler, DispatcherMode.AUTO));

    assertThat(e.problems())
        .containsExactly(
            "handler classes must be top-level or static nested classes; this one is anonymous."
                + " Declare a named class instead");
  }

  @Test
  void everyProblemIsReported_oneIndentedLinePerProblem() {
    class LocalHandler {
      @OnOpen
      private void opened(String text) {}
    }

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () -> Dispatchers.create(new LocalHandler(), DispatcherMode.AUTO));

    assertThat(e.problems())
        .containsExactly(
            "handler classes must be top-level or static nested classes; 'LocalHandler' is a local"
                + " class. Move it out of the method",
            "@OnOpen methods must not be private; 'opened(String)' is private for method LocalHandler.opened",
            "@OnOpen methods accept parameters of type Connection, EngineControl or OpenInfo;"
                + " 'opened(String)' declares String for method LocalHandler.opened")
        .inOrder();
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            LocalHandler.class.getName()
                + " is not a valid wsengine handler (3 problems):\n  "
                + String.join("\n  ", e.problems()));
  }

  /** No callbacks in the class or its superclasses; the processor never sees such a class. */
  static final class NotAHandler {
    void opened(Connection connection) {}
  }

  @Test
  void classWithoutCallbacks_isRejected() {
    InvalidHandlerException e =
        assertThrows(InvalidHandlerException.class, () -> Dispatchers.validate(NotAHandler.class));

    assertThat(e.problems())
        .containsExactly(
            "handler classes must declare at least one method annotated @OnOpen, @OnMessage,"
                + " @OnClose, @OnReadError, @OnCloseError or @OnRestartError;"
                + " 'FallbackValidationTest.NotAHandler' has none");
  }

  @Test
  void callbacksOfInterfaces_doNotCount() {
    // The processor rejects the interface at compile time, so this needs a library built without
    // it.
    Compilations.Loaded loaded =
        Compilations.load(
            Compilations.withoutProcessor(
                List.of(
                    source(
                        "com.base.Greeter",
                        "public interface Greeter {\n  @OnOpen default void greet() {}\n}\n"),
                    source(
                        "com.acme.Client",
                        "public class Client implements com.base.Greeter {}\n"))));

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () -> Dispatchers.create(loaded.newInstance("com.acme.Client"), DispatcherMode.AUTO));

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).endsWith("'Client' has none");
  }

  @Test
  void validClass_passesValidate() {
    Dispatchers.validate(dev.wsengine.runtime.internal.dispatch.handlers.EveryCallback.class);
    Dispatchers.validate(
        dev.wsengine.runtime.internal.dispatch.handlers.Inheritance.SubWithoutCallbacks.class);
  }

  @Test
  void exception_needsAProblem_andKeepsItsOwnCopy() {
    assertThrows(
        IllegalArgumentException.class, () -> new InvalidHandlerException(Object.class, List.of()));
    List<String> problems = new ArrayList<>(List.of("one"));

    InvalidHandlerException e = new InvalidHandlerException(Object.class, problems);
    problems.add("two");

    assertThat(e.problems()).containsExactly("one");
    assertThrows(UnsupportedOperationException.class, () -> e.problems().add("three"));
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Where reflection sees a class differently from javac

  @Test
  void callbackOfAGenericLibrarySuperclass_getsTheSubclasssTypeArgument_inBothKinds()
      throws Exception {
    // As in a real build: the library without the processor, the handler with it.
    Compilation libraryCompilation =
        Compilations.withoutProcessor(
            List.of(
                source(
                    "com.base.Base",
                    """
                    public abstract class Base<T> {
                      @OnMessage
                      public T received(T message) {
                        Recorder.record("Base.received", message);
                        return message;
                      }
                    }
                    """)));
    Compilations.writeClasses(libraryCompilation, library);
    Compilation compilation =
        Compilations.withProcessor(
            List.of(
                source(
                    "com.acme.Sub",
                    """
                    public class Sub extends com.base.Base<String> {
                      @OnOpen
                      void opened() {}
                    }
                    """)),
            library);
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    Compilations.Loaded loaded = Compilations.load(libraryCompilation, compilation);

    for (DispatcherMode mode : List.of(DispatcherMode.GENERATED, DispatcherMode.FALLBACK)) {
      RecordingConnection connection = new RecordingConnection();
      Dispatcher<Object> dispatcher =
          DispatcherBehaviourTest.dispatcher(loaded.newInstance("com.acme.Sub"), mode);

      assertThat(dispatcher.acceptsText()).isTrue();
      assertThat(dispatcher.acceptsBinary()).isFalse();
      dispatcher.onText("hi", FakeScope.empty().connection(connection));

      assertThat(connection.sent()).containsExactly(Message.text("hi"));
    }
    assertThat(loaded.recorded())
        .containsExactly(List.of("Base.received", "hi"), List.of("Base.received", "hi"));
  }

  @Test
  void packageSplitAcrossClassLoaders_isAnotherPackage_asTheJvmSeesIt() {
    // Same package name as Inheritance.Base, whose callbacks are package-private, but another
    // class loader: the JVM would not let the subclass's dispatcher call them. javac cannot see
    // loaders, so here alone the fallback is stricter than the processor.
    Compilations.Loaded loaded =
        Compilations.load(
            Compilations.withoutProcessor(
                List.of(
                    source(
                        "dev.wsengine.runtime.internal.dispatch.handlers.SplitSub",
                        """
                        public class SplitSub extends Inheritance.Base {
                          public SplitSub() {
                            super(new dev.wsengine.runtime.internal.dispatch.handlers.Recorder());
                          }

                          @OnCloseError
                          void closeFailed() {}
                        }
                        """))));

    InvalidHandlerException e =
        assertThrows(
            InvalidHandlerException.class,
            () ->
                Dispatchers.validate(
                    loaded.loadClass("dev.wsengine.runtime.internal.dispatch.handlers.SplitSub")));

    assertThat(e.problems())
        .containsExactly(
            "@OnOpen methods inherited from another package must be public; 'opened(Connection)' of"
                + " 'Inheritance.Base' is package-private for method Inheritance.Base.opened",
            "@OnMessage methods inherited from another package must be public; 'received(String)' of"
                + " 'Inheritance.Base' is package-private for method Inheritance.Base.received",
            "@OnClose methods inherited from another package must be public; 'closed()' of"
                + " 'Inheritance.Base' is package-private for method Inheritance.Base.closed")
        .inOrder();
  }

  @Test
  void declarationOrder_isTheClassFilesOrder_orByNameWithoutOne() throws Exception {
    Compilation compilation =
        Compilations.withoutProcessor(
            List.of(
                source(
                    "com.acme.Ordered",
                    "public class Ordered {\n  void zulu() {}\n  void alpha() {}\n  void mike() {}\n}\n")));
    Compilations.Loaded withClassFiles = Compilations.load(compilation);
    ClassLoader withoutClassFiles =
        new ClassLoader(getClass().getClassLoader()) {
          private final Map<String, byte[]> classes = Compilations.classFiles(compilation);

          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
              throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
          }
        };

    assertThat(
            names(DeclarationOrder.declaredMethods(withClassFiles.loadClass("com.acme.Ordered"))))
        .containsExactly("zulu", "alpha", "mike")
        .inOrder();
    assertThat(
            names(
                DeclarationOrder.declaredMethods(
                    Class.forName("com.acme.Ordered", false, withoutClassFiles))))
        .containsExactly("alpha", "mike", "zulu")
        .inOrder();
  }

  private static List<String> names(List<Method> methods) {
    return methods.stream().map(Method::getName).toList();
  }
}
