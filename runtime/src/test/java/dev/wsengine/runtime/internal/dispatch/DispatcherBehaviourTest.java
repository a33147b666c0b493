package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.dispatch.handlers.Access;
import dev.wsengine.runtime.internal.dispatch.handlers.EveryCallback;
import dev.wsengine.runtime.internal.dispatch.handlers.Generic;
import dev.wsengine.runtime.internal.dispatch.handlers.Inheritance;
import dev.wsengine.runtime.internal.dispatch.handlers.MessageKinds;
import dev.wsengine.runtime.internal.dispatch.handlers.NoParameters;
import dev.wsengine.runtime.internal.dispatch.handlers.Outer;
import dev.wsengine.runtime.internal.dispatch.handlers.Recorder;
import dev.wsengine.runtime.internal.dispatch.handlers.Replies;
import dev.wsengine.runtime.internal.dispatch.handlers.Throwing;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import dev.wsengine.testing.RecordingConnection;
import dev.wsengine.testing.RecordingEngineControl;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a dispatcher does when the engine calls it, for both kinds: every test runs once with the
 * processor's generated dispatcher and once with the Byte Buddy fallback, on the same handler
 * classes (compiled with the processor, so both kinds exist for each), and expects the same. Values
 * are compared by identity with what the scope supplied.
 */
class DispatcherBehaviourTest {
  private static final byte[] BYTES = {1, 2, 3, 4, 5, 6};

  private final Recorder recorder = new Recorder();
  private final RecordingConnection connection = new RecordingConnection();
  private final RecordingEngineControl control = new RecordingEngineControl();

  /** The dispatcher of the kind {@code mode} asks for, checked to be of that kind. */
  static <H> Dispatcher<H> dispatcher(H handler, DispatcherMode mode) {
    Dispatcher<H> dispatcher = Dispatchers.create(handler, mode);
    String name = dispatcher.getClass().getName();
    if (mode == DispatcherMode.GENERATED) {
      assertThat(name).endsWith("_Dispatcher");
    } else {
      assertThat(name).contains("$WsengineDispatcher$");
    }
    assertThat(dispatcher.handler()).isSameInstanceAs(handler);
    return dispatcher;
  }

  private FakeScope scope() {
    return FakeScope.empty().connection(connection).control(control);
  }

  // ---------------------------------------------------------------------------------------------
  // Every callback, every parameter kind, in unusual orders

  @BothKinds
  void everyCallback_receivesTheScopesObjectsInItsDeclaredParameterOrder(DispatcherMode mode)
      throws Exception {
    Dispatcher<EveryCallback> dispatcher = dispatcher(new EveryCallback(recorder), mode);

    OpenInfo openInfo = OpenInfo.restart(3, connection.handshake());
    dispatcher.onOpen(scope().openInfo(openInfo));
    String text = new String("hello".toCharArray()); // a distinct instance, to check identity
    dispatcher.onText(text, scope());
    dispatcher.onBinary(ByteBuffer.wrap(BYTES), scope());
    CloseStatus received = CloseStatus.received(1006, "");
    CloseStatus reply = dispatcher.onClose(scope().closeStatus(received));
    IOException readError = new IOException("read failed");
    dispatcher.onReadError(scope().error(readError));
    IOException closeError = new IOException("close failed");
    // No connection in @OnCloseError and @OnRestartError: the scope throws if the dispatcher asks.
    dispatcher.onCloseError(FakeScope.empty().error(closeError).control(control));
    ConnectException restartError = new ConnectException("refused");
    RestartAttempt attempt = RestartAttempt.of(2, restartError);
    dispatcher.onRestartError(
        FakeScope.empty().restartAttempt(attempt).error(restartError).control(control));

    List<List<Object>> calls = recorder.calls();
    assertThat(calls).hasSize(7);
    assertCall(calls.get(0), "opened", control, openInfo, connection);
    assertCall(calls.get(1), "text", control, text, connection);
    assertCall(calls.get(2).subList(0, 3), "binary", connection, control);
    assertThat((byte[]) calls.get(2).get(3)).isEqualTo(BYTES);
    assertCall(calls.get(3), "closed", control, connection, received);
    assertCall(calls.get(4), "readFailed", connection, readError, control);
    assertCall(calls.get(5), "closeFailed", control, closeError);
    assertCall(calls.get(6), "restartFailed", control, attempt, restartError);
    assertThat(reply).isSameInstanceAs(EveryCallback.REPLY);
    assertThat(connection.sent()).isEmpty();
    assertThat(control.calls()).isEmpty();
  }

  @BothKinds
  void everyCallback_readsFromTheScopeExactlyWhatItPasses(DispatcherMode mode) throws Exception {
    Dispatcher<EveryCallback> dispatcher = dispatcher(new EveryCallback(recorder), mode);
    FakeScope scope = scope().openInfo(OpenInfo.first(connection.handshake()));

    dispatcher.onOpen(scope);

    assertThat(scope.reads()).containsExactly("control", "openInfo", "connection").inOrder();
  }

  @BothKinds
  void everyCallback_acceptsBothMessageKinds(DispatcherMode mode) {
    Dispatcher<EveryCallback> dispatcher = dispatcher(new EveryCallback(recorder), mode);

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isTrue();
  }

  @BothKinds
  void callbacksWithoutParameters_readNothingFromTheScope(DispatcherMode mode) throws Exception {
    Dispatcher<NoParameters> dispatcher = dispatcher(new NoParameters(recorder), mode);
    FakeScope scope = FakeScope.empty();

    dispatcher.onOpen(scope);
    assertThat(dispatcher.onClose(scope)).isNull();
    dispatcher.onReadError(scope);
    dispatcher.onCloseError(scope);
    dispatcher.onRestartError(scope);

    assertThat(scope.reads()).isEmpty();
    assertThat(recorder.calls())
        .containsExactly(
            List.of("opened"),
            List.of("closed"),
            List.of("readFailed"),
            List.of("closeFailed"),
            List.of("restartFailed"))
        .inOrder();
  }

  @BothKinds
  void callbacksTheHandlerLacks_doNothingAndReadNothing(DispatcherMode mode) throws Exception {
    Dispatcher<MessageKinds.TextOnly> dispatcher =
        dispatcher(new MessageKinds.TextOnly(recorder), mode);
    FakeScope scope = FakeScope.empty();

    dispatcher.onOpen(scope);
    assertThat(dispatcher.onClose(scope)).isNull();
    dispatcher.onReadError(scope);
    dispatcher.onCloseError(scope);
    dispatcher.onRestartError(scope);

    assertThat(scope.reads()).isEmpty();
    assertThat(recorder.calls()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The message parameter

  @BothKinds
  void stringParameter_acceptsTextOnly(DispatcherMode mode) throws Exception {
    Dispatcher<MessageKinds.TextOnly> dispatcher =
        dispatcher(new MessageKinds.TextOnly(recorder), mode);

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isFalse();
    dispatcher.onText("hi", scope());
    assertThat(recorder.calls()).containsExactly(List.of("received", "hi"));
    assertThrows(
        UnsupportedOperationException.class,
        () -> dispatcher.onBinary(ByteBuffer.wrap(BYTES), scope()));
  }

  @BothKinds
  void byteBufferParameter_receivesTheBufferTheEngineHandsOver(DispatcherMode mode)
      throws Exception {
    Dispatcher<MessageKinds.BufferOnly> dispatcher =
        dispatcher(new MessageKinds.BufferOnly(recorder), mode);
    ByteBuffer buffer = ByteBuffer.wrap(BYTES).asReadOnlyBuffer();

    assertThat(dispatcher.acceptsText()).isFalse();
    assertThat(dispatcher.acceptsBinary()).isTrue();
    dispatcher.onBinary(buffer, scope());

    assertThat(recorder.calls().get(0).get(1)).isSameInstanceAs(buffer);
    assertThrows(UnsupportedOperationException.class, () -> dispatcher.onText("hi", scope()));
  }

  @BothKinds
  void byteArrayParameter_isACopyOfTheRemainingBytes_andTheBufferDoesNotMove(DispatcherMode mode)
      throws Exception {
    Dispatcher<MessageKinds.BytesOnly> dispatcher =
        dispatcher(new MessageKinds.BytesOnly(recorder), mode);
    ByteBuffer direct = ByteBuffer.allocateDirect(BYTES.length).put(BYTES).flip();
    direct.position(2);
    ByteBuffer buffer = direct.asReadOnlyBuffer();

    dispatcher.onBinary(buffer, scope());

    byte[] received = (byte[]) recorder.calls().get(0).get(1);
    assertThat(received).isEqualTo(new byte[] {99, 4, 5, 6}); // the handler changed its copy
    assertThat(buffer.position()).isEqualTo(2);
    assertThat(buffer.get(2)).isEqualTo((byte) 3);
  }

  @BothKinds
  void messageParameter_receivesTextAsATextMessage_andBinaryAsABinaryOne(DispatcherMode mode)
      throws Exception {
    Dispatcher<MessageKinds.Any> dispatcher = dispatcher(new MessageKinds.Any(recorder), mode);

    assertThat(dispatcher.acceptsText()).isTrue();
    assertThat(dispatcher.acceptsBinary()).isTrue();
    dispatcher.onText("hi", scope());
    dispatcher.onBinary(ByteBuffer.wrap(BYTES), scope());

    assertCall(recorder.calls().get(0).subList(0, 2), "received", connection);
    assertThat(recorder.calls().get(0).get(2)).isEqualTo(Message.text("hi"));
    assertCall(recorder.calls().get(1).subList(0, 2), "received", connection);
    Message binary = (Message) recorder.calls().get(1).get(2);
    assertThat(binary.isText()).isFalse();
    assertThat(binary.binaryAsArray()).isEqualTo(BYTES);
  }

  // ---------------------------------------------------------------------------------------------
  // Replies

  @BothKinds
  void stringReply_isSentAsText(DispatcherMode mode) throws Exception {
    Replies.Text handler = new Replies.Text();
    handler.reply = new String("pong".toCharArray());

    dispatcher(handler, mode).onText("ping", scope());

    // The very object, so it went through sendText(String), uncopied.
    assertThat(connection.sentArguments()).hasSize(1);
    assertThat(connection.sentArguments().get(0)).isSameInstanceAs(handler.reply);
  }

  @BothKinds
  void byteArrayReply_isSentAsBinary(DispatcherMode mode) throws Exception {
    Replies.Bytes handler = new Replies.Bytes();
    handler.reply = new byte[] {7};

    dispatcher(handler, mode).onBinary(ByteBuffer.wrap(BYTES), scope());

    // The very array, so it went through sendBinary(byte[]), uncopied.
    assertThat(connection.sentArguments()).containsExactly(handler.reply);
  }

  @BothKinds
  void byteBufferReply_isSentAsBinary_forTextAndBinaryMessages(DispatcherMode mode)
      throws Exception {
    Replies.Buffer handler = new Replies.Buffer();
    handler.reply = ByteBuffer.wrap(BYTES);
    Dispatcher<Replies.Buffer> dispatcher = dispatcher(handler, mode);

    dispatcher.onText("ping", scope());
    dispatcher.onBinary(ByteBuffer.wrap(BYTES), scope());

    // ByteBuffers, so they went through sendBinary(ByteBuffer).
    assertThat(connection.sentArguments()).containsExactly(handler.reply, handler.reply);
  }

  @BothKinds
  void theReplysTypeDecidesHowItIsSent_notTheMessages(DispatcherMode mode) throws Exception {
    Dispatcher<Replies.Crossed> dispatcher = dispatcher(new Replies.Crossed(), mode);

    dispatcher.onText("AB", scope());
    dispatcher.onBinary(ByteBuffer.wrap(new byte[] {'C', 'D'}), scope());

    List<Object> sent = connection.sentArguments();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isInstanceOf(byte[].class); // so it went through sendBinary(byte[])
    assertThat((byte[]) sent.get(0)).isEqualTo(new byte[] {'A', 'B'});
    assertThat(sent.get(1)).isEqualTo("CD"); // a String: sendText
  }

  @BothKinds
  void nullReplies_sendNothing_andReadNoConnection(DispatcherMode mode) throws Exception {
    FakeScope scope = FakeScope.empty(); // no connection: asking for one would throw

    dispatcher(new Replies.Text(), mode).onText("ping", scope);
    dispatcher(new Replies.Bytes(), mode).onBinary(ByteBuffer.wrap(BYTES), scope);
    dispatcher(new Replies.Buffer(), mode).onText("ping", scope);
    dispatcher(new Replies.Buffer(), mode).onBinary(ByteBuffer.wrap(BYTES), scope);

    assertThat(scope.reads()).isEmpty();
    assertThat(connection.sent()).isEmpty();
  }

  @BothKinds
  void replySendFailure_reachesTheCallerUnchanged(DispatcherMode mode) {
    IOException failure = new IOException("broken pipe");
    connection.failSendsWith(failure);
    Replies.Text handler = new Replies.Text();
    handler.reply = "pong";
    Dispatcher<Replies.Text> dispatcher = dispatcher(handler, mode);

    IOException thrown = assertThrows(IOException.class, () -> dispatcher.onText("ping", scope()));

    assertThat(thrown).isSameInstanceAs(failure);
  }

  // ---------------------------------------------------------------------------------------------
  // @OnClose's return

  @BothKinds
  void closeStatusReturnedByTheHandler_isReturned_nullIncluded(DispatcherMode mode)
      throws Exception {
    Replies.Close handler = new Replies.Close();
    Dispatcher<Replies.Close> dispatcher = dispatcher(handler, mode);

    handler.reply = CloseStatus.of(4001, "bye");
    assertThat(dispatcher.onClose(scope().closeStatus(null))).isSameInstanceAs(handler.reply);
    handler.reply = null;
    assertThat(dispatcher.onClose(scope().closeStatus(CloseStatus.NORMAL))).isNull();
  }

  @BothKinds
  void voidOnClose_returnsNull_andReceivesANullStatusAsNull(DispatcherMode mode) throws Exception {
    Dispatcher<Replies.VoidClose> dispatcher = dispatcher(new Replies.VoidClose(recorder), mode);

    assertThat(dispatcher.onClose(FakeScope.empty().closeStatus(null))).isNull();

    assertThat(recorder.calls()).containsExactly(java.util.Arrays.asList("closed", null));
  }

  // ---------------------------------------------------------------------------------------------
  // Exceptions reach the caller unchanged: checked, unchecked and errors

  @BothKinds
  void checkedException_reachesTheCallerUnchanged_fromEveryCallback(DispatcherMode mode) {
    assertEveryCallbackThrows(new IOException("checked"), mode);
  }

  @BothKinds
  void uncheckedException_reachesTheCallerUnchanged_fromEveryCallback(DispatcherMode mode) {
    assertEveryCallbackThrows(new IllegalStateException("unchecked"), mode);
  }

  @BothKinds
  void error_reachesTheCallerUnchanged_fromEveryCallback(DispatcherMode mode) {
    assertEveryCallbackThrows(new StackOverflowError("error"), mode);
  }

  private void assertEveryCallbackThrows(Throwable failure, DispatcherMode mode) {
    Dispatcher<Throwing> dispatcher = dispatcher(new Throwing(failure), mode);
    FakeScope scope = FakeScope.empty();
    List<org.junit.jupiter.api.function.Executable> calls =
        List.of(
            () -> dispatcher.onOpen(scope),
            () -> dispatcher.onText("hi", scope),
            () -> dispatcher.onBinary(ByteBuffer.wrap(BYTES), scope),
            () -> dispatcher.onClose(scope),
            () -> dispatcher.onReadError(scope),
            () -> dispatcher.onCloseError(scope),
            () -> dispatcher.onRestartError(scope));
    for (org.junit.jupiter.api.function.Executable call : calls) {
      assertThat(assertThrows(Throwable.class, call)).isSameInstanceAs(failure);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Access: package-private and protected, from another package than the runtime's

  @BothKinds
  void packagePrivateHandlerWithPackagePrivateCallbacks_works(DispatcherMode mode)
      throws Exception {
    Dispatcher<Object> dispatcher = dispatcher(Access.packagePrivate(recorder), mode);

    dispatcher.onOpen(FakeScope.empty());
    dispatcher.onText("hi", FakeScope.empty());

    assertThat(recorder.calls())
        .containsExactly(List.of("PackagePrivate.opened"), List.of("PackagePrivate.received", "hi"))
        .inOrder();
  }

  @BothKinds
  void protectedCallback_works(DispatcherMode mode) throws Exception {
    dispatcher(Access.protectedCallbacks(recorder), mode).onOpen(FakeScope.empty());

    assertThat(recorder.calls()).containsExactly(List.of("ProtectedCallbacks.opened"));
  }

  @BothKinds
  void nestedHandlers_work(DispatcherMode mode) throws Exception {
    dispatcher(new Outer.Nested(recorder), mode).onText("a", FakeScope.empty());
    dispatcher(new Outer.Nested.Deeper(recorder), mode).onText("b", FakeScope.empty());

    assertThat(recorder.calls())
        .containsExactly(
            List.of("Outer.Nested.received", "a"), List.of("Outer.Nested.Deeper.received", "b"))
        .inOrder();
  }

  @BothKinds
  void genericHandler_works(DispatcherMode mode) throws Exception {
    Dispatcher<Generic<Integer>> dispatcher = dispatcher(new Generic<>(recorder, 42), mode);

    dispatcher.onText("n=", scope());

    assertThat(recorder.calls()).containsExactly(List.of("received", "n=", 42));
    assertThat(connection.sent()).containsExactly(Message.text("n=42"));
  }

  // ---------------------------------------------------------------------------------------------
  // Inheritance

  @BothKinds
  void subclassWithoutCallbacks_isServedByItsSuperclasssDispatcher_andItsOverrideIsCalled(
      DispatcherMode mode) throws Exception {
    Inheritance.SubWithoutCallbacks handler = new Inheritance.SubWithoutCallbacks(recorder);
    Dispatcher<Inheritance.SubWithoutCallbacks> dispatcher = dispatcher(handler, mode);

    dispatcher.onOpen(scope());
    dispatcher.onText("hi", scope());
    dispatcher.onClose(scope());

    assertThat(dispatcher.getClass().getName())
        .startsWith(
            Inheritance.class.getName()
                + (mode == DispatcherMode.GENERATED
                    ? "_Base_Dispatcher"
                    : "$Base$WsengineDispatcher$"));
    assertThat(recorder.calls())
        .containsExactly(
            List.of("Base.opened", connection),
            List.of("SubWithoutCallbacks.received", "hi"),
            List.of("Base.closed"))
        .inOrder();
    assertThat(connection.sent()).containsExactly(Message.text("from sub"));
  }

  @BothKinds
  void subclassTwoLevelsDown_withoutCallbacks_isServedByTheNearestAnnotatedSuperclass(
      DispatcherMode mode) throws Exception {
    Dispatcher<Inheritance.GrandchildWithoutCallbacks> dispatcher =
        dispatcher(new Inheritance.GrandchildWithoutCallbacks(recorder), mode);

    dispatcher.onText("hi", scope());

    assertThat(recorder.calls()).containsExactly(List.of("SubWithoutCallbacks.received", "hi"));
  }

  @BothKinds
  void anonymousSubclassWithoutCallbacks_isServedByItsSuperclasssDispatcher(DispatcherMode mode)
      throws Exception {
    Inheritance.Base handler =
        new Inheritance.Base(recorder) {
          @Override
          public String toString() {
            return "anonymous";
          }
        };

    dispatcher(handler, mode).onText("hi", scope());

    assertThat(recorder.calls()).containsExactly(List.of("Base.received", "hi"));
  }

  @BothKinds
  void subclassWithCallbacks_addsAndReplacesCallbacks(DispatcherMode mode) throws Exception {
    Dispatcher<Inheritance.SubWithCallbacks> dispatcher =
        dispatcher(new Inheritance.SubWithCallbacks(recorder), mode);

    dispatcher.onOpen(scope());
    assertThat(dispatcher.onClose(scope())).isNull(); // no longer a callback of this class
    dispatcher.onCloseError(FakeScope.empty());

    assertThat(recorder.calls())
        .containsExactly(List.of("Base.opened", connection), List.of("SubWithCallbacks.closed"))
        .inOrder();
  }

  // ---------------------------------------------------------------------------------------------
  // The dispatcher object

  @BothKinds
  void dispatcher_isFinal_andHoldsOnlyTheHandler(DispatcherMode mode) {
    Class<?> type = dispatcher(new EveryCallback(recorder), mode).getClass();

    assertThat(Modifier.isFinal(type.getModifiers())).isTrue();
    assertThat(type.getPackageName()).isEqualTo(EveryCallback.class.getPackageName());
    Field[] fields = type.getDeclaredFields();
    assertThat(fields).hasLength(1);
    assertThat(fields[0].getType()).isEqualTo(EveryCallback.class);
    assertThat(Modifier.isFinal(fields[0].getModifiers())).isTrue();
    assertThat(Modifier.isStatic(fields[0].getModifiers())).isFalse();
  }

  private static void assertCall(List<?> call, String label, Object... arguments) {
    assertThat(call).hasSize(arguments.length + 1);
    assertThat(call.get(0)).isEqualTo(label);
    for (int i = 0; i < arguments.length; i++) {
      assertThat(call.get(i + 1)).isSameInstanceAs(arguments[i]);
    }
  }
}
