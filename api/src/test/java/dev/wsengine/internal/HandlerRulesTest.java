package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.internal.HandlerRules.Result;
import dev.wsengine.internal.HandlerShape.Kind;
import dev.wsengine.internal.HandlerShape.Nesting;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shared rules on hand-built shapes. The processor module tests each rule through javac; these
 * tests pin only what the processor and the runtime fallback rely on: the result's shape.
 */
class HandlerRulesTest {
  private static final String CONNECTION = "dev.wsengine.Connection";
  private static final String ENGINE_CONTROL = "dev.wsengine.EngineControl";

  @Test
  void validHandler_yieldsCallbacksInOrderWithTheirParametersAndReturns() {
    Result result =
        HandlerRules.check(
            handler(
                method("opened", CallbackKind.OPEN, "void", CONNECTION, "dev.wsengine.OpenInfo"),
                method(
                    "text",
                    CallbackKind.MESSAGE,
                    "java.lang.String",
                    "java.lang.String",
                    CONNECTION),
                method("bytes", CallbackKind.MESSAGE, "java.nio.ByteBuffer", "java.nio.ByteBuffer"),
                method(
                    "closed",
                    CallbackKind.CLOSE,
                    "dev.wsengine.CloseStatus",
                    "dev.wsengine.CloseStatus"),
                method(
                    "readFailed",
                    CallbackKind.READ_ERROR,
                    "void",
                    "java.lang.Throwable",
                    ENGINE_CONTROL),
                method("closeFailed", CallbackKind.CLOSE_ERROR, "void", "java.lang.Throwable"),
                method(
                    "restartFailed",
                    CallbackKind.RESTART_ERROR,
                    "void",
                    "dev.wsengine.RestartAttempt",
                    ENGINE_CONTROL)));

    assertTrue(result.isValid());
    assertEquals(List.of(), result.problems());
    List<CallbackMethod> callbacks = result.callbacks();
    assertEquals(7, callbacks.size());
    assertCallback(
        callbacks.get(0),
        CallbackKind.OPEN,
        0,
        "opened",
        ReturnKind.VOID,
        ParameterKind.CONNECTION,
        ParameterKind.OPEN_INFO);
    assertCallback(
        callbacks.get(1),
        CallbackKind.MESSAGE,
        1,
        "text",
        ReturnKind.TEXT,
        ParameterKind.TEXT,
        ParameterKind.CONNECTION);
    assertCallback(
        callbacks.get(2),
        CallbackKind.MESSAGE,
        2,
        "bytes",
        ReturnKind.BYTE_BUFFER,
        ParameterKind.BYTE_BUFFER);
    assertCallback(
        callbacks.get(3),
        CallbackKind.CLOSE,
        3,
        "closed",
        ReturnKind.CLOSE_STATUS,
        ParameterKind.CLOSE_STATUS);
    assertCallback(
        callbacks.get(4),
        CallbackKind.READ_ERROR,
        4,
        "readFailed",
        ReturnKind.VOID,
        ParameterKind.ERROR,
        ParameterKind.ENGINE_CONTROL);
    assertCallback(
        callbacks.get(5),
        CallbackKind.CLOSE_ERROR,
        5,
        "closeFailed",
        ReturnKind.VOID,
        ParameterKind.ERROR);
    assertCallback(
        callbacks.get(6),
        CallbackKind.RESTART_ERROR,
        6,
        "restartFailed",
        ReturnKind.VOID,
        ParameterKind.RESTART_ATTEMPT,
        ParameterKind.ENGINE_CONTROL);

    assertEquals("opened", result.callback(CallbackKind.OPEN).orElseThrow().name());
    assertEquals("text", result.textHandler().orElseThrow().name());
    assertEquals("bytes", result.binaryHandler().orElseThrow().name());
  }

  @Test
  void messageParameter_receivesBothKinds() {
    Result result =
        HandlerRules.check(
            handler(method("any", CallbackKind.MESSAGE, "void", "dev.wsengine.Message")));

    assertEquals("any", result.textHandler().orElseThrow().name());
    assertEquals("any", result.binaryHandler().orElseThrow().name());
    assertTrue(result.callback(CallbackKind.OPEN).isEmpty());
  }

  @Test
  void shapeWithSeveralProblems_reportsAllOfThemInOrder() {
    MethodShape opened =
        MethodShape.builder()
            .name("opened")
            .declaringClass("Outer.EchoClient")
            .annotations(List.of(CallbackKind.OPEN))
            .access(MethodShape.Access.PRIVATE)
            .isStatic(true)
            .parameters(List.of(TypeRef.of("int")))
            .returnType(TypeRef.of("void"))
            .build();
    HandlerShape shape =
        HandlerShape.of(
            "Outer.EchoClient",
            Kind.CLASS,
            Nesting.INNER_MEMBER,
            false,
            null,
            List.of(
                opened,
                method("openedAgain", CallbackKind.OPEN, "void"),
                method("received", CallbackKind.MESSAGE, "int", CONNECTION)));

    Result result = HandlerRules.check(shape);

    assertFalse(result.isValid());
    assertEquals(
        List.of(
            Diagnostic.CLASS_INNER,
            Diagnostic.METHOD_PRIVATE,
            Diagnostic.METHOD_STATIC,
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            Diagnostic.CALLBACK_TWICE,
            Diagnostic.MESSAGE_PARAMETER_MISSING,
            Diagnostic.RETURN_NOT_ACCEPTED),
        result.problems().stream().map(Problem::diagnostic).collect(Collectors.toList()));
    assertEquals(
        List.of(-1, 0, 0, 0, 1, 2, 2),
        result.problems().stream().map(Problem::method).collect(Collectors.toList()));
    Problem parameter = result.problems().get(3);
    assertEquals(0, parameter.parameter());
    assertEquals(CallbackKind.OPEN, parameter.annotation());
    assertEquals(
        "@OnOpen methods accept parameters of type Connection, EngineControl or OpenInfo;"
            + " 'opened(int)' declares int",
        parameter.message());
  }

  @Test
  void callbacksOfInvalidResult_throwsNamingTheProblems() {
    Result result =
        HandlerRules.check(handler(method("received", CallbackKind.MESSAGE, "void", CONNECTION)));

    IllegalStateException e = assertThrows(IllegalStateException.class, result::callbacks);
    assertTrue(e.getMessage().contains("declares none"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> result.callback(CallbackKind.OPEN));
    assertThrows(IllegalStateException.class, result::textHandler);
  }

  @Test
  void emptyMethodList_isNoCallbacks() {
    Result result = HandlerRules.check(handler());

    assertEquals(
        List.of(Diagnostic.NO_CALLBACKS),
        result.problems().stream().map(Problem::diagnostic).collect(Collectors.toList()));
    assertTrue(result.problems().get(0).message().contains("'EchoClient' has none"));
    assertEquals(-1, result.problems().get(0).method());
  }

  @Test
  void methodWithoutCallbackAnnotation_isAFrontEndBug() {
    MethodShape plain =
        MethodShape.builder()
            .name("helper")
            .declaringClass("EchoClient")
            .returnType(TypeRef.of("void"))
            .build();

    assertThrows(IllegalArgumentException.class, () -> HandlerRules.check(handler(plain)));
  }

  // The rules javac cannot show a processor (nothing inside method bodies is visible to it), so
  // only the runtime fallback applies them: their messages are pinned here.

  @Test
  void localClass_isRejectedWithTheCatalogueMessage() {
    HandlerShape local =
        HandlerShape.of(
            "Handler",
            Kind.CLASS,
            Nesting.LOCAL,
            false,
            null,
            List.of(method("opened", CallbackKind.OPEN, "void")));

    assertEquals(
        List.of(
            "handler classes must be top-level or static nested classes; 'Handler' is a local class."
                + " Move it out of the method"),
        messages(HandlerRules.check(local)));
  }

  @Test
  void anonymousClass_isRejectedWithTheCatalogueMessage() {
    HandlerShape anonymous =
        HandlerShape.of(
            "",
            Kind.CLASS,
            Nesting.ANONYMOUS,
            false,
            null,
            List.of(method("opened", CallbackKind.OPEN, "void")));

    assertEquals(
        List.of(
            "handler classes must be top-level or static nested classes; this one is anonymous."
                + " Declare a named class instead"),
        messages(HandlerRules.check(anonymous)));
  }

  @Test
  void classWithoutCallbacks_isRejectedWithTheCatalogueMessage() {
    assertEquals(
        List.of(
            "handler classes must declare at least one method annotated @OnOpen, @OnMessage,"
                + " @OnClose, @OnReadError, @OnCloseError or @OnRestartError; 'EchoClient' has none"),
        messages(HandlerRules.check(handler())));
  }

  private static List<String> messages(Result result) {
    return result.problems().stream().map(Problem::message).collect(Collectors.toList());
  }

  private static HandlerShape handler(MethodShape... methods) {
    return HandlerShape.of(
        "EchoClient", Kind.CLASS, Nesting.TOP_LEVEL, false, null, List.of(methods));
  }

  private static MethodShape method(
      String name, CallbackKind kind, String returnType, String... parameters) {
    return MethodShape.builder()
        .name(name)
        .declaringClass("EchoClient")
        .annotations(List.of(kind))
        .parameters(Arrays.stream(parameters).map(TypeRef::of).collect(Collectors.toList()))
        .returnType(TypeRef.of(returnType))
        .build();
  }

  private static void assertCallback(
      CallbackMethod callback,
      CallbackKind kind,
      int method,
      String name,
      ReturnKind returns,
      ParameterKind... parameters) {
    assertEquals(kind, callback.kind());
    assertEquals(method, callback.method());
    assertEquals(name, callback.name());
    assertEquals(List.of(parameters), callback.parameters());
    assertEquals(returns, callback.returns());
  }
}
