package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.wsengine.processor.RecordingHandlers.compile;
import static dev.wsengine.processor.RecordingHandlers.load;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.wsengine.CloseStatus;
import dev.wsengine.OpenInfo;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import java.io.File;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inheritance rule of {@code HandlerScanner} (and docs/handlers.md), by what the generated
 * dispatcher of a subclass does: callbacks come from the class and its superclasses, not its
 * interfaces; an override without callback annotations keeps those of the method it overrides and
 * is what gets called; an override with callback annotations of its own replaces them; the
 * one-per-callback rules then apply to the whole set.
 *
 * <p>A superclass in the same compilation is a handler in its own right and gets its own dispatcher
 * and its own checks; one "from a library" is compiled first without the processor and put on the
 * class path, as a jar would be.
 */
class InheritanceTest {
  @TempDir File library;

  private final FakeConnection connection = new FakeConnection();
  private final FakeEngineControl control = new FakeEngineControl();

  private FakeScope scope() {
    return FakeScope.empty().connection(connection).control(control);
  }

  // ---------------------------------------------------------------------------------------------
  // Callbacks of the class and its superclasses

  @Test
  void subclassDispatcher_handlesItsOwnAndItsSuperclassesCallbacks() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Base",
                """
                public class Base {
                  @OnMessage
                  void received(String text) {
                    Recorder.record("Base.received", text);
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                public class Sub extends Base {
                  @OnOpen
                  void opened(Connection connection) {
                    Recorder.record("Sub.opened", connection);
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Sub"));

    assertThat(dispatcher.acceptsText()).isTrue();
    dispatcher.onOpen(scope());
    dispatcher.onText("hi", scope());

    assertThat(loaded.recorded())
        .containsExactly(List.of("Sub.opened", connection), List.of("Base.received", "hi"))
        .inOrder();
  }

  @Test
  void callbacksOfEverySuperclassUpTheChain_areCollected() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Grand",
                """
                public class Grand {
                  @OnClose
                  CloseStatus closed() {
                    Recorder.record("Grand.closed");
                    return CloseStatus.NORMAL;
                  }
                }
                """),
            source("com.acme.Parent", "public class Parent extends Grand {}\n"),
            source(
                "com.acme.Child",
                """
                public class Child extends Parent {
                  @OnOpen
                  void opened() {
                    Recorder.record("Child.opened");
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Child"));

    dispatcher.onOpen(scope());
    CloseStatus status = dispatcher.onClose(scope().closeStatus(null));

    assertThat(status).isSameInstanceAs(CloseStatus.NORMAL);
    assertThat(loaded.recorded())
        .containsExactly(List.of("Child.opened"), List.of("Grand.closed"))
        .inOrder();
    // A class that declares no callback is not processed: Parent has no dispatcher of its own.
    assertThat(loaded.hasClass("com.acme.Parent_Dispatcher")).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Overrides

  @Test
  void overrideWithoutAnnotation_keepsTheCallback_andTheOverrideIsCalled() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Base",
                """
                public class Base {
                  @OnMessage
                  String received(String text) throws java.io.IOException {
                    Recorder.record("Base.received", text);
                    return "from base";
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                public class Sub extends Base {
                  @Override
                  String received(String text) {
                    Recorder.record("Sub.received", text);
                    return "from sub";
                  }

                  @OnOpen
                  void opened() {}
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Sub"));

    assertThat(dispatcher.acceptsText()).isTrue();
    dispatcher.onText("hi", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Sub.received", "hi"));
    assertThat(connection.sent()).containsExactly(new FakeConnection.Sent("sendText", "from sub"));
  }

  /**
   * The override is the method called, so it is the override whose access counts: a public override
   * makes a protected callback of a superclass in another package callable.
   */
  @Test
  void publicOverrideOfAProtectedCallbackFromAnotherPackage_isCalled() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.base.Base",
                """
                public class Base {
                  @OnMessage
                  protected void received(String text) {
                    Recorder.record("Base.received", text);
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                import com.base.Base;

                public class Sub extends Base {
                  @Override
                  public void received(String text) {
                    Recorder.record("Sub.received", text);
                  }

                  @OnOpen
                  void opened() {}
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded.dispatcher(loaded.newHandler("com.acme.Sub")).onText("hi", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Sub.received", "hi"));
  }

  @Test
  void overrideWithAnotherCallbackAnnotation_replacesTheInheritedOne() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Base",
                """
                public class Base {
                  @OnOpen
                  void lifecycle() {
                    Recorder.record("Base.lifecycle");
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                public class Sub extends Base {
                  @OnClose
                  @Override
                  void lifecycle() {
                    Recorder.record("Sub.lifecycle");
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Sub"));

    dispatcher.onOpen(scope()); // no longer a callback of Sub
    dispatcher.onClose(scope().closeStatus(null));

    assertThat(loaded.recorded()).containsExactly(List.of("Sub.lifecycle"));
  }

  @Test
  void overrideWithTheSameAnnotation_isOneCallbackNotTwo() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Base",
                """
                public class Base {
                  @OnOpen
                  void opened() {
                    Recorder.record("Base.opened");
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                public class Sub extends Base {
                  @OnOpen
                  @Override
                  void opened() {
                    Recorder.record("Sub.opened");
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded.dispatcher(loaded.newHandler("com.acme.Sub")).onOpen(scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Sub.opened"));
  }

  @Test
  void secondDistinctOnOpenInASubclass_isError() {
    JavaFileObject base =
        source(
            "com.acme.Base",
            """
            public class Base {
              @OnOpen
              void first() {}
            }
            """);
    JavaFileObject sub =
        source(
            "com.acme.Sub",
            """
            public class Sub extends Base {
              @OnOpen
              void second() {}
            }
            """);

    Compilation compilation = compile(base, sub);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("handler classes have at most one @OnOpen method");
    // The subclass's own method comes first, so the inherited one is "another".
    assertThat(compilation)
        .hadErrorContaining("'first()' is another, after 'second()'")
        .inFile(base)
        .onLineContaining("@OnOpen");
  }

  // ---------------------------------------------------------------------------------------------
  // Superclasses in other packages

  @Test
  void protectedCallbackInheritedFromAnotherPackage_isError() {
    JavaFileObject base =
        source(
            "com.base.Base",
            """
            public class Base {
              @OnMessage
              protected void received(String text) {}
            }
            """);
    JavaFileObject sub =
        source(
            "com.acme.Sub",
            """
            import com.base.Base;

            public class Sub extends Base {
              @OnOpen
              void opened() {}
            }
            """);

    Compilation compilation = compile(base, sub);

    assertThat(compilation).failed();
    // Base itself is a fine handler: in its own package a protected callback is callable.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@OnMessage methods inherited from another package must be public;"
                + " 'received(String)' of 'Base' is protected")
        .inFile(base)
        .onLineContaining("@OnMessage");
  }

  @Test
  void publicCallbackInheritedFromAnotherPackage_works() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.base.Base",
                """
                public class Base {
                  @OnMessage
                  public void received(String text) {
                    Recorder.record("Base.received", text);
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                import com.base.Base;

                public class Sub extends Base {
                  @OnOpen
                  void opened() {
                    Recorder.record("Sub.opened");
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Sub"));

    dispatcher.onOpen(scope());
    dispatcher.onText("hi", scope());

    assertThat(loaded.recorded())
        .containsExactly(List.of("Sub.opened"), List.of("Base.received", "hi"))
        .inOrder();
  }

  /** A superclass from a jar has no source to point at: the error goes on the handler class. */
  @Test
  void protectedCallbackInheritedFromALibraryClass_isErrorOnTheHandlerClass() {
    RecordingHandlers.compileLibrary(
        library,
        source(
            "com.base.Base",
            """
            public class Base {
              @OnMessage
              protected void received(String text) {}
            }
            """));
    JavaFileObject sub =
        source(
            "com.acme.Sub",
            """
            import com.base.Base;

            public class Sub extends Base {
              @OnOpen
              void opened() {}
            }
            """);

    Compilation compilation = RecordingHandlers.compileAgainst(library, sub);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@OnMessage methods inherited from another package must be public")
        .inFile(sub)
        .onLineContaining("public class Sub");
  }

  @Test
  void callbackOfAGenericLibrarySuperclass_getsTheSubclassesTypeArgument() throws Exception {
    Compilation libraryCompilation =
        RecordingHandlers.compileLibrary(
            library,
            source(
                "com.base.Base",
                """
                public abstract class Base<T> {
                  @OnMessage
                  public void received(T message) {
                    Recorder.record("Base.received", message);
                  }
                }
                """));
    Compilation compilation =
        RecordingHandlers.compileAgainst(
            library,
            source(
                "com.acme.Sub",
                """
                import com.base.Base;

                public class Sub extends Base<String> {
                  @OnOpen
                  void opened() {}
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(libraryCompilation, compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Sub"));

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isFalse();
    dispatcher.onText("hi", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Base.received", "hi"));
  }

  // ---------------------------------------------------------------------------------------------
  // Deprecated superclasses

  @Test
  void deprecatedInheritedCallback_compilesWithoutWarnings() throws Exception {
    Compilation compilation =
        compile(
            source(
                "com.acme.Base",
                """
                public class Base {
                  @Deprecated
                  @OnMessage
                  void received(String text) {
                    Recorder.record("Base.received", text);
                  }
                }
                """),
            source(
                "com.acme.Sub",
                """
                public class Sub extends Base {
                  @OnOpen
                  void opened() {}
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded.dispatcher(loaded.newHandler("com.acme.Sub")).onText("hi", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Base.received", "hi"));
  }

  // ---------------------------------------------------------------------------------------------
  // Interfaces do not count

  @Test
  void annotatedDefaultMethodInAnInterface_isErrorOnTheInterface_andNotACallbackOfTheClass() {
    JavaFileObject greeter =
        source(
            "com.acme.Greeter",
            """
            public interface Greeter {
              @OnOpen
              default void greet() {}
            }
            """);
    JavaFileObject client =
        source(
            "com.acme.Client",
            """
            public class Client implements Greeter {
              @OnMessage
              void received(String text) {}
            }
            """);

    Compilation compilation = compile(greeter, client);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "callback methods must be declared in a class; 'Greeter' is an interface")
        .inFile(greeter)
        .onLineContaining("public interface Greeter");
    // That is the only error: Client, which inherits the annotated default method, is a valid
    // handler with its @OnMessage alone. (compile-testing shows no generated files of a failed
    // compilation; the next test runs Client's dispatcher with the interface from a library.)
  }

  @Test
  void annotatedDefaultMethodOfALibraryInterface_isNotCalled() throws Exception {
    Compilation libraryCompilation =
        RecordingHandlers.compileLibrary(
            library,
            source(
                "com.base.Greeter",
                """
                public interface Greeter {
                  @OnOpen
                  default void greet() {
                    Recorder.record("Greeter.greet");
                  }
                }
                """));
    Compilation compilation =
        RecordingHandlers.compileAgainst(
            library,
            source(
                "com.acme.Client",
                """
                import com.base.Greeter;

                public class Client implements Greeter {
                  @OnMessage
                  void received(String text) {
                    Recorder.record("Client.received", text);
                  }
                }
                """));
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(libraryCompilation, compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    dispatcher.onOpen(scope().openInfo(OpenInfo.first(connection.handshake())));
    dispatcher.onText("hi", scope());

    assertThat(loaded.recorded()).containsExactly(List.of("Client.received", "hi"));
  }

  // ---------------------------------------------------------------------------------------------

  /** A source in the package of {@code qualifiedName}, importing the api and the recorder. */
  private static JavaFileObject source(String qualifiedName, String body) {
    String packageName = qualifiedName.substring(0, qualifiedName.lastIndexOf('.'));
    return JavaFileObjects.forSourceString(
        qualifiedName,
        "package "
            + packageName
            + ";\n\nimport dev.wsengine.*;\nimport recording.Recorder;\n"
            + (body.startsWith("import ") ? "" : "\n")
            + body);
  }
}
