package dev.wsengine.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.wsengine.processor.RecordingHandlers.compile;
import static dev.wsengine.processor.RecordingHandlers.load;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.MessageType;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the dispatchers the processor generates do when run: each handler source is compiled with
 * the processor under {@code -Xlint:all -Werror}, the handler and its dispatcher are loaded, and
 * the dispatcher is driven as the engine would drive it, with a {@link FakeScope} that supplies
 * exactly what the callback may see. The handlers record what they receive; the tests compare it,
 * by identity, with what the scope supplied.
 *
 * <p>The shape of the generated source is pinned by golden files elsewhere; these tests pin only
 * behaviour, so they hold whatever the generator's formatting.
 */
class GeneratedDispatcherTest {
  private static final byte[] BYTES = {1, 2, 3, 4, 5, 6};

  private final FakeConnection connection = new FakeConnection();
  private final FakeEngineControl control = new FakeEngineControl();

  // ---------------------------------------------------------------------------------------------
  // Every callback, every parameter kind

  private static final JavaFileObject EVERY_CALLBACK =
      JavaFileObjects.forSourceString(
          "com.acme.EveryCallback",
          """
          package com.acme;

          import dev.wsengine.CloseStatus;
          import dev.wsengine.Connection;
          import dev.wsengine.EngineControl;
          import dev.wsengine.OnClose;
          import dev.wsengine.OnCloseError;
          import dev.wsengine.OnMessage;
          import dev.wsengine.OnOpen;
          import dev.wsengine.OnReadError;
          import dev.wsengine.OnRestartError;
          import dev.wsengine.OpenInfo;
          import dev.wsengine.RestartAttempt;
          import recording.Recorder;

          public class EveryCallback {
            public static final CloseStatus REPLY = CloseStatus.of(4000, "done");

            @OnOpen
            void opened(OpenInfo info, Connection connection, EngineControl control) {
              Recorder.record("opened", info, connection, control);
            }

            @OnMessage
            void text(EngineControl control, String text, Connection connection) {
              Recorder.record("text", control, text, connection);
            }

            @OnMessage
            void binary(Connection connection, byte[] bytes, EngineControl control) {
              Recorder.record("binary", connection, bytes, control);
            }

            @OnClose
            CloseStatus closed(CloseStatus received, Connection connection, EngineControl control) {
              Recorder.record("closed", received, connection, control);
              return REPLY;
            }

            @OnReadError
            void readFailed(EngineControl control, Throwable error, Connection connection) {
              Recorder.record("readFailed", control, error, connection);
            }

            @OnCloseError
            void closeFailed(Throwable error, EngineControl control) {
              Recorder.record("closeFailed", error, control);
            }

            @OnRestartError
            void restartFailed(RestartAttempt attempt, Throwable error, EngineControl control) {
              Recorder.record("restartFailed", attempt, error, control);
            }
          }
          """);

  @Test
  void everyCallbackAndParameterKind_compilesWithoutWarnings() {
    assertThat(compile(EVERY_CALLBACK)).succeededWithoutWarnings();
  }

  @Test
  void everyCallback_receivesTheScopesObjectsInItsDeclaredParameterOrder() throws Exception {
    Compilation compilation = compile(EVERY_CALLBACK);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Object handler = loaded.newHandler("com.acme.EveryCallback");
    Dispatcher<Object> dispatcher = loaded.dispatcher(handler);

    OpenInfo openInfo = OpenInfo.restart(3, connection.handshake());
    dispatcher.onOpen(FakeScope.empty().openInfo(openInfo).connection(connection).control(control));
    String text = new String("hello".toCharArray()); // a distinct instance, to check identity
    dispatcher.onText(text, FakeScope.empty().connection(connection).control(control));
    dispatcher.onBinary(
        ByteBuffer.wrap(BYTES), FakeScope.empty().connection(connection).control(control));
    CloseStatus received = CloseStatus.received(1006, "");
    CloseStatus reply =
        dispatcher.onClose(
            FakeScope.empty().closeStatus(received).connection(connection).control(control));
    IOException readError = new IOException("read failed");
    dispatcher.onReadError(
        FakeScope.empty().error(readError).connection(connection).control(control));
    IOException closeError = new IOException("close failed");
    // No connection in @OnCloseError and @OnRestartError: the scope throws if the dispatcher asks.
    dispatcher.onCloseError(FakeScope.empty().error(closeError).control(control));
    ConnectException restartError = new ConnectException("refused");
    RestartAttempt attempt = RestartAttempt.of(2, restartError);
    dispatcher.onRestartError(
        FakeScope.empty().restartAttempt(attempt).error(restartError).control(control));

    List<List<?>> calls = loaded.recorded();
    assertThat(calls).hasSize(7);
    assertCall(calls.get(0), "opened", openInfo, connection, control);
    assertCall(calls.get(1), "text", control, text, connection);
    assertThat(calls.get(2)).hasSize(4);
    assertCall(calls.get(2).subList(0, 2), "binary", connection);
    assertThat((byte[]) calls.get(2).get(2)).isEqualTo(BYTES);
    assertThat(calls.get(2).get(3)).isSameInstanceAs(control);
    assertCall(calls.get(3), "closed", received, connection, control);
    assertCall(calls.get(4), "readFailed", control, readError, connection);
    assertCall(calls.get(5), "closeFailed", closeError, control);
    assertCall(calls.get(6), "restartFailed", attempt, restartError, control);
    assertThat(reply).isSameInstanceAs(loaded.staticField("com.acme.EveryCallback", "REPLY"));
    assertThat(connection.sent()).isEmpty();
    assertThat(control.calls()).isEmpty();
  }

  @Test
  void everyCallback_acceptsBothMessageKinds() {
    RecordingHandlers.Loaded loaded = compileAndLoad(EVERY_CALLBACK);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.EveryCallback"));

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Which messages a handler accepts, and what its message parameter receives

  @Test
  void stringParameter_acceptsTextOnly() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "String text", "text"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isFalse();
    dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control));
    assertThat(loaded.recorded()).containsExactly(List.of("received", "hi"));
    assertThrows(
        UnsupportedOperationException.class,
        () ->
            dispatcher.onBinary(ByteBuffer.wrap(BYTES), FakeScope.empty().connection(connection)));
  }

  @Test
  void byteBufferParameter_acceptsBinaryOnly() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(onMessage("void", "java.nio.ByteBuffer buffer", "copy(buffer)"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    assertThat(dispatcher.acceptsText()).isFalse();
    assertThat(dispatcher.acceptsBinary()).isTrue();
    dispatcher.onBinary(
        ByteBuffer.wrap(BYTES), FakeScope.empty().connection(connection).control(control));
    assertThat((byte[]) loaded.recorded().get(0).get(1)).isEqualTo(BYTES);
  }

  @Test
  void messageParameter_acceptsBothKinds_textAsATextMessage() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(onMessage("void", "Message message", "message"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isTrue();
    dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control));
    Message received = (Message) loaded.recorded().get(0).get(1);
    assertThat(received).isEqualTo(Message.text("hi"));
    assertThat(received.type()).isEqualTo(MessageType.TEXT);
    assertThat(received.text()).isEqualTo("hi");
  }

  @Test
  void messageParameter_binaryAsABinaryMessageWithTheSameBytes() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(onMessage("void", "Message message", "message"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));
    ByteBuffer buffer = ByteBuffer.wrap(BYTES, 1, 3).asReadOnlyBuffer();

    dispatcher.onBinary(buffer, FakeScope.empty().connection(connection).control(control));

    Message received = (Message) loaded.recorded().get(0).get(1);
    assertThat(received.type()).isEqualTo(MessageType.BINARY);
    assertThat(received.binaryAsArray()).isEqualTo(new byte[] {2, 3, 4});
    assertThat(buffer.position()).isEqualTo(1);
    assertThat(buffer.limit()).isEqualTo(4);
  }

  // ---------------------------------------------------------------------------------------------
  // byte[] and ByteBuffer parameters

  @Test
  void byteArrayParameter_isACopyOfTheRemainingBytesTheHandlerMayChange() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Client",
                """
                @OnMessage
                void received(byte[] bytes) {
                  Recorder.record("received", bytes.clone());
                  java.util.Arrays.fill(bytes, (byte) 99);
                }
                """));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));
    byte[] backing = BYTES.clone();
    ByteBuffer buffer = ByteBuffer.wrap(backing, 2, 3); // writable: a shared array would show

    dispatcher.onBinary(buffer, FakeScope.empty().connection(connection).control(control));

    assertThat((byte[]) loaded.recorded().get(0).get(1)).isEqualTo(new byte[] {3, 4, 5});
    assertThat(backing).isEqualTo(BYTES);
    assertThat(buffer.position()).isEqualTo(2);
    assertThat(buffer.limit()).isEqualTo(5);
  }

  @Test
  void byteArrayParameter_readsReadOnlyAndDirectBuffersWithoutMovingThem() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "byte[] bytes", "bytes"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));
    ByteBuffer readOnly = ByteBuffer.wrap(BYTES).asReadOnlyBuffer().position(4);
    ByteBuffer direct = ByteBuffer.allocateDirect(BYTES.length).put(BYTES).flip().position(3);

    dispatcher.onBinary(readOnly, FakeScope.empty().connection(connection).control(control));
    dispatcher.onBinary(direct, FakeScope.empty().connection(connection).control(control));

    assertThat((byte[]) loaded.recorded().get(0).get(1)).isEqualTo(new byte[] {5, 6});
    assertThat((byte[]) loaded.recorded().get(1).get(1)).isEqualTo(new byte[] {4, 5, 6});
    assertThat(readOnly.position()).isEqualTo(4);
    assertThat(direct.position()).isEqualTo(3);
  }

  /**
   * {@link Dispatcher#onBinary} promises not to change the buffer's position. A handler that reads
   * its {@code ByteBuffer} parameter must not move the caller's buffer either, or an engine that
   * looks at the message after the call (to trace its size, say) sees it consumed.
   */
  @Test
  void byteBufferParameter_receivesTheBufferTheEngineHandsOver_withoutACopy() throws Exception {
    // Dispatcher.onBinary's contract: the engine hands over a read-only view it does not use
    // again, so the message path makes no copy for a ByteBuffer parameter.
    RecordingHandlers.Loaded loaded =
        compileAndLoad(onMessage("void", "java.nio.ByteBuffer buffer", "buffer"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));
    ByteBuffer buffer = ByteBuffer.wrap(BYTES).asReadOnlyBuffer().position(1);

    dispatcher.onBinary(buffer, FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded().get(0).get(1)).isSameInstanceAs(buffer);
  }

  // ---------------------------------------------------------------------------------------------
  // Replies

  @Test
  void stringReply_isSentAsText() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(replier("String"));
    Object handler = loaded.newHandler("com.acme.Replier");
    String reply = new String("pong".toCharArray());
    RecordingHandlers.setField(handler, "reply", reply);

    loaded
        .dispatcher(handler)
        .onText("ping", FakeScope.empty().connection(connection).control(control));

    assertThat(connection.sent()).hasSize(1);
    assertThat(connection.sent().get(0).method()).isEqualTo("sendText");
    assertThat(connection.sent().get(0).payload()).isSameInstanceAs(reply);
  }

  @Test
  void byteArrayReply_isSentAsBinary() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(replier("byte[]"));
    Object handler = loaded.newHandler("com.acme.Replier");
    byte[] reply = BYTES.clone();
    RecordingHandlers.setField(handler, "reply", reply);

    loaded
        .dispatcher(handler)
        .onText("ping", FakeScope.empty().connection(connection).control(control));

    assertThat(connection.sent()).hasSize(1);
    assertThat(connection.sent().get(0).method()).isEqualTo("sendBinary(byte[])");
    assertThat(connection.sent().get(0).payload()).isSameInstanceAs(reply);
  }

  @Test
  void byteBufferReply_isSentAsBinary() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(replier("java.nio.ByteBuffer"));
    Object handler = loaded.newHandler("com.acme.Replier");
    ByteBuffer reply = ByteBuffer.wrap(BYTES);
    RecordingHandlers.setField(handler, "reply", reply);

    loaded
        .dispatcher(handler)
        .onText("ping", FakeScope.empty().connection(connection).control(control));

    assertThat(connection.sent()).hasSize(1);
    assertThat(connection.sent().get(0).method()).isEqualTo("sendBinary(ByteBuffer)");
    assertThat(connection.sent().get(0).payload()).isSameInstanceAs(reply);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"String", "byte[]", "java.nio.ByteBuffer"})
  void nullReply_sendsNothing(String replyType) throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(replier(replyType));
    Object handler = loaded.newHandler("com.acme.Replier"); // reply left null
    FakeScope scope = FakeScope.empty().connection(connection).control(control);

    loaded.dispatcher(handler).onText("ping", scope);

    assertThat(connection.sent()).isEmpty();
    assertThat(loaded.recorded()).containsExactly(List.of("received", "ping"));
  }

  @Test
  void replyToABinaryMessage_isSentToo() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(onMessage("String", "Message message", "message"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    dispatcher.onBinary(
        ByteBuffer.wrap(BYTES), FakeScope.empty().connection(connection).control(control));

    // The template handler replies with the message's toString().
    assertThat(connection.sent())
        .containsExactly(new FakeConnection.Sent("sendText", "Message[BINARY, 6 bytes]"));
  }

  @Test
  void replySendFailure_reachesTheCallerUnchanged() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(replier("String"));
    Object handler = loaded.newHandler("com.acme.Replier");
    RecordingHandlers.setField(handler, "reply", "pong");
    IOException failure = new IOException("broken pipe");
    connection.failSendsWith(failure);

    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                loaded
                    .dispatcher(handler)
                    .onText("ping", FakeScope.empty().connection(connection)));

    assertThat(thrown).isSameInstanceAs(failure);
  }

  // ---------------------------------------------------------------------------------------------
  // @OnClose

  @Test
  void voidOnClose_returnsNull() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Closer",
                """
                @OnClose
                void closed(CloseStatus received) {
                  Recorder.record("closed", received);
                }
                """));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Closer"));

    FakeScope scope =
        FakeScope.empty().closeStatus(CloseStatus.NORMAL).connection(connection).control(control);

    CloseStatus result = dispatcher.onClose(scope);

    assertThat(result).isNull();
    assertCall(loaded.recorded().get(0), "closed", CloseStatus.NORMAL);
  }

  @Test
  void closeStatusReturnedByTheHandler_isReturned() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(closeReplier());
    Object handler = loaded.newHandler("com.acme.Closer");
    CloseStatus reply = CloseStatus.of(4000, "bye");
    RecordingHandlers.setField(handler, "reply", reply);

    FakeScope scope =
        FakeScope.empty().closeStatus(CloseStatus.NORMAL).connection(connection).control(control);

    CloseStatus result = loaded.dispatcher(handler).onClose(scope);

    assertThat(result).isSameInstanceAs(reply);
  }

  @Test
  void nullCloseStatusInTheScope_reachesTheHandlerAsNull_andANullReplyIsReturnedAsNull()
      throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(closeReplier());
    Object handler = loaded.newHandler("com.acme.Closer"); // reply left null

    CloseStatus result =
        loaded
            .dispatcher(handler)
            .onClose(FakeScope.empty().closeStatus(null).connection(connection).control(control));

    assertThat(result).isNull();
    assertThat(loaded.recorded()).hasSize(1);
    assertThat(loaded.recorded().get(0)).containsExactly("closed", null).inOrder();
  }

  // ---------------------------------------------------------------------------------------------
  // Exceptions

  @Test
  void checkedExceptionFromOnOpen_reachesTheCallerUnchanged() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Failing",
                """
                public final java.io.IOException failure = new java.io.IOException("open failed");

                @OnOpen
                void opened() throws java.io.IOException {
                  throw failure;
                }
                """));
    Object handler = loaded.newHandler("com.acme.Failing");
    Dispatcher<Object> dispatcher = loaded.dispatcher(handler);

    IOException thrown =
        assertThrows(
            IOException.class, () -> dispatcher.onOpen(FakeScope.empty().connection(connection)));

    assertThat(thrown).isSameInstanceAs(RecordingHandlers.field(handler, "failure"));
  }

  @Test
  void runtimeExceptionFromOnMessage_reachesTheCallerUnchanged() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Failing",
                """
                public final IllegalStateException failure = new IllegalStateException("bad message");

                @OnMessage
                void received(String text) {
                  throw failure;
                }
                """));
    Object handler = loaded.newHandler("com.acme.Failing");
    Dispatcher<Object> dispatcher = loaded.dispatcher(handler);

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control)));

    assertThat(thrown).isSameInstanceAs(RecordingHandlers.field(handler, "failure"));
  }

  // ---------------------------------------------------------------------------------------------
  // Callbacks the handler lacks

  @Test
  void callbacksTheHandlerLacks_doNothingAndReadNothing() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "String text", "text"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));
    FakeScope scope =
        FakeScope.empty()
            .connection(connection)
            .control(control)
            .openInfo(OpenInfo.first(connection.handshake()))
            .closeStatus(CloseStatus.NORMAL)
            .error(new IOException("failed"))
            .restartAttempt(RestartAttempt.of(1, new IOException("failed")));

    dispatcher.onOpen(scope);
    CloseStatus closeReply = dispatcher.onClose(scope);
    dispatcher.onReadError(scope);
    dispatcher.onCloseError(scope);
    dispatcher.onRestartError(scope);

    assertThat(closeReply).isNull();
    assertThat(loaded.recorded()).isEmpty();
    assertThat(scope.reads()).isEmpty();
    assertThat(connection.sent()).isEmpty();
    assertThat(control.calls()).isEmpty();
  }

  @Test
  void onTextOnABinaryOnlyHandler_throwsUnsupportedOperation() {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "byte[] bytes", "bytes"));
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    assertThat(dispatcher.acceptsText()).isFalse();
    assertThrows(
        UnsupportedOperationException.class,
        () -> dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control)));
    assertThat(loaded.recorded()).isEmpty();
  }

  @Test
  void callbackWithoutParameters_readsNothingFromTheScope() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Quiet",
                """
                @OnOpen
                void opened() {
                  Recorder.record("opened");
                }
                """));
    FakeScope scope = FakeScope.empty().connection(connection).control(control);

    loaded.dispatcher(loaded.newHandler("com.acme.Quiet")).onOpen(scope);

    assertThat(loaded.recorded()).containsExactly(List.of("opened"));
    assertThat(scope.reads()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The dispatcher object itself

  @Test
  void handler_isTheObjectTheDispatcherWasMadeWith() {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "String text", "text"));
    Object handler = loaded.newHandler("com.acme.Client");

    assertThat(loaded.dispatcher(handler).handler()).isSameInstanceAs(handler);
  }

  @Test
  void constructor_rejectsANullHandler() throws Exception {
    RecordingHandlers.Loaded loaded = compileAndLoad(onMessage("void", "String text", "text"));
    Class<?> handlerClass = loaded.loadClass("com.acme.Client");

    Class<?> dispatcherClass = loaded.loadClass("com.acme.Client_Dispatcher");

    InvocationTargetException thrown =
        assertThrows(
            InvocationTargetException.class,
            () -> dispatcherClass.getConstructor(handlerClass).newInstance((Object) null));

    assertThat(thrown).hasCauseThat().isInstanceOf(NullPointerException.class);
  }

  /** The engine calls one dispatcher from several reader threads at once. */
  @Test
  void dispatcher_holdsNoMutableState() {
    RecordingHandlers.Loaded loaded = compileAndLoad(EVERY_CALLBACK);
    Class<?> dispatcher = loaded.loadClass("com.acme.EveryCallback_Dispatcher");

    assertThat(Modifier.isPublic(dispatcher.getModifiers())).isTrue();
    assertThat(Modifier.isFinal(dispatcher.getModifiers())).isTrue();
    for (Field field : dispatcher.getDeclaredFields()) {
      assertWithMessage("field %s", field.getName())
          .that(Modifier.isFinal(field.getModifiers()))
          .isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Access, nesting, generics, packages

  @Test
  void packagePrivateHandlerWithPackagePrivateCallbacks_works() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Hidden",
            """
            package com.acme;

            import dev.wsengine.OnMessage;
            import dev.wsengine.OnOpen;
            import recording.Recorder;

            class Hidden {
              Hidden() {}

              @OnOpen
              void opened() {
                Recorder.record("opened");
              }

              @OnMessage
              String received(String text) {
                Recorder.record("received", text);
                return "re: " + text;
              }
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Object handler = loaded.newHandler("com.acme.Hidden");
    Dispatcher<Object> dispatcher = loaded.dispatcher("com.acme.Hidden_Dispatcher", handler);

    dispatcher.onOpen(FakeScope.empty().connection(connection).control(control));
    dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded())
        .containsExactly(List.of("opened"), List.of("received", "hi"))
        .inOrder();
    assertThat(connection.sent()).containsExactly(new FakeConnection.Sent("sendText", "re: hi"));
  }

  @Test
  void protectedCallbackInTheSamePackage_works() throws Exception {
    RecordingHandlers.Loaded loaded =
        compileAndLoad(
            handler(
                "Guarded",
                """
                @OnOpen
                protected void opened() {
                  Recorder.record("opened");
                }
                """));

    loaded.dispatcher(loaded.newHandler("com.acme.Guarded")).onOpen(FakeScope.empty());

    assertThat(loaded.recorded()).containsExactly(List.of("opened"));
  }

  @Test
  void staticNestedHandler_getsOuterInnerDispatcher() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Outer",
            """
            package com.acme;

            import dev.wsengine.OnMessage;
            import recording.Recorder;

            public class Outer {
              public static class Inner {
                @OnMessage
                void received(String text) {
                  Recorder.record("received", text);
                }
              }
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Object handler = loaded.newHandler("com.acme.Outer$Inner");

    loaded
        .dispatcher("com.acme.Outer_Inner_Dispatcher", handler)
        .onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded()).containsExactly(List.of("received", "hi"));
  }

  @Test
  void genericHandler_getsADispatcherThatCompilesWithoutWarnings() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Box",
            """
            package com.acme;

            import dev.wsengine.OnClose;
            import dev.wsengine.OnMessage;
            import recording.Recorder;

            public class Box<T extends Comparable<T>> {
              T last;

              @OnMessage
              void received(String text) {
                Recorder.record("received", text);
              }

              @OnClose
              void closed() {
                Recorder.record("closed", last);
              }
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Object handler = loaded.newHandler("com.acme.Box");
    Dispatcher<Object> dispatcher = loaded.dispatcher("com.acme.Box_Dispatcher", handler);

    dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control));
    dispatcher.onClose(FakeScope.empty().closeStatus(null).connection(connection).control(control));

    assertThat(loaded.recorded())
        .containsExactly(List.of("received", "hi"), Arrays.asList("closed", null))
        .inOrder();
  }

  @Test
  void handlerInTheUnnamedPackage_getsADispatcherThere() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "Anonymous",
            """
            import dev.wsengine.OnMessage;
            import recording.Recorder;

            public class Anonymous {
              @OnMessage
              void received(String text) {
                Recorder.record("received", text);
              }
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded
        .dispatcher("Anonymous_Dispatcher", loaded.newHandler("Anonymous"))
        .onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded()).containsExactly(List.of("received", "hi"));
  }

  /**
   * The generated code names these types itself; a handler that shares a simple name must not break
   * it.
   */
  @Test
  void handlerNamedLikeATypeTheDispatcherUses_compilesAndWorks() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Message",
            """
            package com.acme;

            import dev.wsengine.OnMessage;
            import recording.Recorder;

            public class Message {
              @OnMessage
              void received(dev.wsengine.Message message) {
                Recorder.record("received", message);
              }
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded
        .dispatcher(loaded.newHandler("com.acme.Message"))
        .onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded()).containsExactly(List.of("received", Message.text("hi")));
  }

  /**
   * The generated file names java.lang types by their simple names; a class of the same simple name
   * in the handler's package would shadow them.
   */
  @ParameterizedTest(name = "com.acme.{0}")
  @ValueSource(strings = {"String", "Override", "Exception"})
  void classInTheHandlersPackageNamedLikeAJavaLangType_doesNotBreakTheDispatcher(String name)
      throws Exception {
    JavaFileObject shadow =
        JavaFileObjects.forSourceString(
            "com.acme." + name, "package com.acme;\n\npublic class " + name + " {}\n");
    JavaFileObject client =
        JavaFileObjects.forSourceString(
            "com.acme.Client",
            """
            package com.acme;

            import dev.wsengine.OnMessage;
            import dev.wsengine.OnOpen;
            import recording.Recorder;

            public class Client {
              @OnOpen
              void opened() throws java.io.IOException {
                Recorder.record("opened");
              }

              @OnMessage
              void received(java.lang.String text) {
                Recorder.record("received", text);
              }
            }
            """);
    Compilation compilation = compile(shadow, client);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);
    Dispatcher<Object> dispatcher = loaded.dispatcher(loaded.newHandler("com.acme.Client"));

    dispatcher.onOpen(FakeScope.empty());
    dispatcher.onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded())
        .containsExactly(List.of("opened"), List.of("received", "hi"))
        .inOrder();
  }

  @Test
  void recordHandler_works() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Echo",
            """
            package com.acme;

            import dev.wsengine.OnMessage;

            public record Echo(String prefix) {
              Echo() {
                this("re: ");
              }

              @OnMessage
              String received(String text) {
                return prefix + text;
              }
            }
            """);
    RecordingHandlers.Loaded loaded = compileAndLoad(source);

    loaded
        .dispatcher(loaded.newHandler("com.acme.Echo"))
        .onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(connection.sent()).containsExactly(new FakeConnection.Sent("sendText", "re: hi"));
  }

  @Test
  void enumHandler_works() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Singleton",
            """
            package com.acme;

            import dev.wsengine.OnOpen;
            import recording.Recorder;

            public enum Singleton {
              INSTANCE;

              @OnOpen
              void opened() {
                Recorder.record("opened", this);
              }
            }
            """);
    RecordingHandlers.Loaded loaded = compileAndLoad(source);
    Object handler = loaded.loadClass("com.acme.Singleton").getEnumConstants()[0];

    loaded.dispatcher(handler).onOpen(FakeScope.empty());

    assertThat(loaded.recorded()).containsExactly(List.of("opened", handler));
  }

  // ---------------------------------------------------------------------------------------------
  // Deprecation

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"@Deprecated", "@Deprecated(forRemoval = true)"})
  void deprecatedCallbackMethod_compilesWithoutWarningsAndIsCalled(String annotation)
      throws Exception {
    JavaFileObject source =
        handler(
            "Old",
            annotation
                + """

                @OnMessage
                void received(String text) {
                  Recorder.record("received", text);
                }
                """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    RecordingHandlers.Loaded loaded = load(compilation);

    loaded
        .dispatcher(loaded.newHandler("com.acme.Old"))
        .onText("hi", FakeScope.empty().connection(connection).control(control));

    assertThat(loaded.recorded()).containsExactly(List.of("received", "hi"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"@Deprecated", "@Deprecated(forRemoval = true)"})
  void deprecatedHandlerClass_compilesWithoutWarnings(String annotation) {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Old",
            """
            package com.acme;

            import dev.wsengine.OnMessage;

            %s
            public class Old {
              @OnMessage
              void received(String text) {}
            }
            """
                .formatted(annotation));

    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"@Deprecated", "@Deprecated(forRemoval = true)"})
  void handlerNestedInADeprecatedClass_compilesWithoutWarnings(String annotation) {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Old",
            """
            package com.acme;

            import dev.wsengine.OnMessage;

            %s
            public class Old {
              public static class Inner {
                @OnMessage
                void received(String text) {}
              }
            }
            """
                .formatted(annotation));

    assertThat(compile(source)).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static RecordingHandlers.Loaded compileAndLoad(JavaFileObject source) {
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    return load(compilation);
  }

  /** Checks that a recorded call has this label and exactly these objects, by identity. */
  private static void assertCall(List<?> call, String label, Object... arguments) {
    assertWithMessage("call %s", call).that(call).hasSize(arguments.length + 1);
    assertThat(call.get(0)).isEqualTo(label);
    for (int i = 0; i < arguments.length; i++) {
      assertWithMessage("argument %s of %s", i, call)
          .that(call.get(i + 1))
          .isSameInstanceAs(arguments[i]);
    }
  }

  /**
   * A public class {@code com.acme.<name>} with {@code body}, importing the api and the recorder,
   * and with a {@code copy(ByteBuffer)} that reads a buffer into a new array (moving its position).
   */
  private static JavaFileObject handler(String name, String body) {
    return JavaFileObjects.forSourceString(
        "com.acme." + name,
        """
        package com.acme;

        import dev.wsengine.*;
        import recording.Recorder;

        public class %s {
        %s
          static byte[] copy(java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
          }
        }
        """
            .formatted(name, body.indent(2)));
  }

  /**
   * {@code com.acme.Client} with one {@code @OnMessage} method: {@code received(parameter)} records
   * {@code ("received", recorded)} and returns the message's {@code toString()} when it returns
   * String, or nothing.
   */
  private static JavaFileObject onMessage(String returns, String parameter, String recorded) {
    String name = parameter.substring(parameter.lastIndexOf(' ') + 1);
    String body =
        """
        @OnMessage
        %s received(%s) {
          Recorder.record("received", %s);
          %s
        }
        """
            .formatted(
                returns,
                parameter,
                recorded,
                returns.equals("void") ? "" : "return " + name + ".toString();");
    return handler("Client", body);
  }

  /**
   * {@code com.acme.Replier}: an {@code @OnMessage} that records the text and returns {@code
   * reply}.
   */
  private static JavaFileObject replier(String replyType) {
    return handler(
        "Replier",
        """
        public %1$s reply;

        @OnMessage
        %1$s received(String text) {
          Recorder.record("received", text);
          return reply;
        }
        """
            .formatted(replyType));
  }

  /**
   * {@code com.acme.Closer}: an {@code @OnClose} that records what it received and returns {@code
   * reply}.
   */
  private static JavaFileObject closeReplier() {
    return handler(
        "Closer",
        """
        public CloseStatus reply;

        @OnClose
        CloseStatus closed(CloseStatus received) {
          Recorder.record("closed", received);
          return reply;
        }
        """);
  }
}
