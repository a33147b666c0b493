package dev.wsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the handler catalogue ({@code dev.wsengine.internal.Diagnostic}): each pins
 * the whole message and the line it is reported on. Sources are named {@code Erroneous*}.
 */
class HandlerProcessorRulesTest {

  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new HandlerProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(sources);
  }

  /** A source in package com.acme with the wsengine imports every test needs. */
  static JavaFileObject source(String simpleName, String body) {
    return JavaFileObjects.forSourceString(
        "com.acme." + simpleName,
        "package com.acme;\n"
            + "\n"
            + "import dev.wsengine.*;\n"
            + "import java.io.IOException;\n"
            + "import java.nio.ByteBuffer;\n"
            + "import java.util.List;\n"
            + "\n"
            + body);
  }

  private static void assertSingleError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  // --- Callback methods: modifiers and type parameters ---

  @Test
  void privateCallback_isError() {
    assertSingleError(
        source(
            "ErroneousPrivate",
            "class ErroneousPrivate {\n"
                + "  @OnOpen private void opened(Connection c) {}\n"
                + "}\n"),
        "@OnOpen methods must not be private; 'opened(Connection)' is private",
        "private void opened");
  }

  @Test
  void staticCallback_isError() {
    assertSingleError(
        source(
            "ErroneousStatic",
            "class ErroneousStatic {\n" + "  @OnMessage static void text(String s) {}\n" + "}\n"),
        "@OnMessage methods must not be static; 'text(String)' is static",
        "static void text");
  }

  @Test
  void abstractCallback_isError() {
    assertSingleError(
        source(
            "ErroneousAbstract",
            "abstract class ErroneousAbstract {\n"
                + "  @OnClose abstract void closed();\n"
                + "}\n"),
        "@OnClose methods must not be abstract; 'closed()' is abstract",
        "abstract void closed");
  }

  @Test
  void callbackWithTypeParameters_isError() {
    assertSingleError(
        source(
            "ErroneousGeneric",
            "class ErroneousGeneric {\n"
                + "  @OnReadError <T extends Throwable> void failed(Throwable t) {}\n"
                + "}\n"),
        "@OnReadError methods must not declare type parameters; 'failed(Throwable)' declares <T>",
        "void failed");
  }

  @Test
  void twoCallbackAnnotationsOnOneMethod_isError() {
    assertSingleError(
        source(
            "ErroneousTwoAnnotations",
            "class ErroneousTwoAnnotations {\n"
                + "  @OnReadError\n"
                + "  @OnCloseError void failed(Throwable t) {}\n"
                + "}\n"),
        "callback methods carry one callback annotation; 'failed(Throwable)' has @OnReadError and"
            + " @OnCloseError",
        "@OnCloseError void failed");
  }

  // --- Parameters ---

  @Test
  void parameterTypeNotAccepted_isErrorOnTheParameter() {
    assertSingleError(
        source(
            "ErroneousParameter",
            "class ErroneousParameter {\n"
                + "  @OnMessage void text(String s,\n"
                + "      List<String> extra) {}\n"
                + "}\n"),
        "@OnMessage methods accept parameters of type String, byte[], ByteBuffer, Message,"
            + " Connection or EngineControl; 'text(String, List<String>)' declares List<String>",
        "List<String> extra");
  }

  @Test
  void parameterTypeOfAnotherCallback_isError() {
    assertSingleError(
        source(
            "ErroneousOpenInfoOnClose",
            "class ErroneousOpenInfoOnClose {\n"
                + "  @OnClose void closed(OpenInfo info) {}\n"
                + "}\n"),
        "@OnClose methods accept parameters of type CloseStatus, Connection or EngineControl;"
            + " 'closed(OpenInfo)' declares OpenInfo",
        "void closed");
  }

  @Test
  void errorCallbacksAcceptOnlyTheirTypes() {
    assertSingleError(
        source(
            "ErroneousRestartError",
            "class ErroneousRestartError {\n"
                + "  @OnRestartError void failed(Throwable t, Connection c) {}\n"
                + "}\n"),
        "@OnRestartError methods accept parameters of type Throwable, RestartAttempt or"
            + " EngineControl; 'failed(Throwable, Connection)' declares Connection",
        "void failed");
  }

  @Test
  void sameParameterTypeTwice_isError() {
    assertSingleError(
        source(
            "ErroneousTwice",
            "class ErroneousTwice {\n"
                + "  @OnOpen void opened(Connection a,\n"
                + "      Connection b) {}\n"
                + "}\n"),
        "@OnOpen methods take each parameter type at most once; 'opened(Connection, Connection)'"
            + " declares Connection twice",
        "Connection b");
  }

  @Test
  void onMessageWithoutMessageParameter_isError() {
    assertSingleError(
        source(
            "ErroneousNoMessage",
            "class ErroneousNoMessage {\n" + "  @OnMessage void text(Connection c) {}\n" + "}\n"),
        "@OnMessage methods take exactly one message parameter (String, byte[], ByteBuffer,"
            + " Message or a decoded type); 'text(Connection)' declares none",
        "void text");
  }

  @Test
  void onMessageWithTwoMessageParameters_isError() {
    assertSingleError(
        source(
            "ErroneousTwoMessages",
            "class ErroneousTwoMessages {\n"
                + "  @OnMessage void both(String s,\n"
                + "      byte[] b) {}\n"
                + "}\n"),
        "@OnMessage methods take exactly one message parameter (String, byte[], ByteBuffer,"
            + " Message or a decoded type); 'both(String, byte[])' declares String and also byte[]",
        "byte[] b");
  }

  // --- Return types ---

  @Test
  void onMessageReturningAnythingButAReply_isError() {
    assertSingleError(
        source(
            "ErroneousMessageReturn",
            "class ErroneousMessageReturn {\n"
                + "  @OnMessage int text(String s) { return 0; }\n"
                + "}\n"),
        "@OnMessage methods return void, String, byte[] or ByteBuffer; 'text(String)' returns int",
        "int text");
  }

  @Test
  void onCloseReturningAnythingButCloseStatus_isError() {
    assertSingleError(
        source(
            "ErroneousCloseReturn",
            "class ErroneousCloseReturn {\n"
                + "  @OnClose String closed() { return null; }\n"
                + "}\n"),
        "@OnClose methods return void or CloseStatus; 'closed()' returns String",
        "String closed");
  }

  @Test
  void otherCallbacksReturningAValue_isError() {
    assertSingleError(
        source(
            "ErroneousOpenReturn",
            "class ErroneousOpenReturn {\n"
                + "  @OnOpen boolean opened() { return true; }\n"
                + "}\n"),
        "@OnOpen methods return void; 'opened()' returns boolean",
        "boolean opened");
  }

  // --- One of each per class ---

  @Test
  void twoOnOpenMethods_isErrorOnTheSecond() {
    assertSingleError(
        source(
            "ErroneousTwoOpens",
            "class ErroneousTwoOpens {\n"
                + "  @OnOpen void first() {}\n"
                + "  @OnOpen void second(Connection c) {}\n"
                + "}\n"),
        "handler classes have at most one @OnOpen method; 'second(Connection)' is another, after"
            + " 'first()'",
        "void second");
  }

  @Test
  void twoTextHandlers_isErrorOnTheSecond() {
    assertSingleError(
        source(
            "ErroneousTwoText",
            "class ErroneousTwoText {\n"
                + "  @OnMessage void text(String s) {}\n"
                + "  @OnMessage void any(Message m) {}\n"
                + "}\n"),
        "handler classes have at most one @OnMessage method per message kind; 'any(Message)'"
            + " receives text and binary messages, as 'text(String)' does",
        "void any");
  }

  @Test
  void twoBinaryHandlers_isError() {
    assertSingleError(
        source(
            "ErroneousTwoBinary",
            "class ErroneousTwoBinary {\n"
                + "  @OnMessage void bytes(byte[] b) {}\n"
                + "  @OnMessage void buffer(ByteBuffer b) {}\n"
                + "}\n"),
        "handler classes have at most one @OnMessage method per message kind; 'buffer(ByteBuffer)'"
            + " receives binary messages, as 'bytes(byte[])' does",
        "void buffer");
  }

  @Test
  void oneTextAndOneBinaryHandler_isFine() {
    Compilation compilation =
        compile(
            source(
                "TextAndBinary",
                "class TextAndBinary {\n"
                    + "  @OnMessage void text(String s) {}\n"
                    + "  @OnMessage void bytes(ByteBuffer b) {}\n"
                    + "}\n"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.TextAndBinary_Dispatcher");
  }

  // --- The handler class ---

  @Test
  void privateNestedClass_isError() {
    assertSingleError(
        source(
            "ErroneousOuter",
            "class ErroneousOuter {\n"
                + "  private static class Hidden {\n"
                + "    @OnOpen void opened() {}\n"
                + "  }\n"
                + "}\n"),
        "handler classes must not be private; 'ErroneousOuter.Hidden' is private",
        "private static class Hidden");
  }

  @Test
  void classNestedInPrivateClass_isError() {
    assertSingleError(
        source(
            "ErroneousDeep",
            "class ErroneousDeep {\n"
                + "  private static class Hidden {\n"
                + "    static class Handler {\n"
                + "      @OnOpen void opened() {}\n"
                + "    }\n"
                + "  }\n"
                + "}\n"),
        "handler classes must be accessible from their package; 'ErroneousDeep.Hidden.Handler' is"
            + " nested in private class 'ErroneousDeep.Hidden'",
        "static class Handler");
  }

  @Test
  void innerClass_isErrorWithHint() {
    assertSingleError(
        source(
            "ErroneousInner",
            "class ErroneousInner {\n"
                + "  class Handler {\n"
                + "    @OnOpen void opened() {}\n"
                + "  }\n"
                + "}\n"),
        "handler classes must be top-level or static nested classes; 'ErroneousInner.Handler' is an"
            + " inner class. Did you mean to make it static?",
        "class Handler");
  }

  /**
   * javac shows processors no element inside a method body, so a local or anonymous handler is
   * invisible here: no error and no dispatcher. The runtime fallback rejects it with the shared
   * messages (CLASS_LOCAL, CLASS_ANONYMOUS); see dev.wsengine.internal.HandlerRulesTest.
   */
  @Test
  void localAndAnonymousClasses_areInvisibleToProcessors_soNothingIsGenerated() {
    Compilation compilation =
        compile(
            source(
                "LocalAndAnonymous",
                "class LocalAndAnonymous {\n"
                    + "  void method() {\n"
                    + "    class Handler {\n"
                    + "      @OnOpen void opened() {}\n"
                    + "    }\n"
                    + "  }\n"
                    + "  Object anonymous = new Object() {\n"
                    + "    @OnOpen void opened() {}\n"
                    + "  };\n"
                    + "}\n"));
    assertThat(compilation).succeededWithoutWarnings();
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(),
        compilation.generatedSourceFiles(),
        "no dispatcher for local or anonymous classes");
  }

  @Test
  void callbacksInAnInterface_isError() {
    assertSingleError(
        source(
            "ErroneousInterface",
            "interface ErroneousInterface {\n" + "  @OnOpen default void opened() {}\n" + "}\n"),
        "callback methods must be declared in a class; 'ErroneousInterface' is an interface",
        "interface ErroneousInterface");
  }

  @Test
  void recordsAndEnumsMayBeHandlers() {
    Compilation compilation =
        compile(
            source(
                "RecordHandler",
                "record RecordHandler(String name) {\n"
                    + "  @OnMessage String text(String s) { return name + s; }\n"
                    + "}\n"),
            source(
                "EnumHandler",
                "enum EnumHandler {\n" + "  INSTANCE;\n" + "  @OnOpen void opened() {}\n" + "}\n"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.RecordHandler_Dispatcher");
    assertThat(compilation).generatedSourceFile("com.acme.EnumHandler_Dispatcher");
  }

  // --- Checked exceptions ---

  @Test
  void checkedExceptionsAreAllowedOnEveryCallback() {
    // OnOpen: fails the start/restart. OnMessage: goes to OnReadError. OnClose: goes to
    // OnCloseError. The error callbacks: recorded and logged. The annotations' Javadoc says so.
    Compilation compilation =
        compile(
            source(
                "Throwing",
                "class Throwing {\n"
                    + "  @OnOpen void opened() throws IOException {}\n"
                    + "  @OnMessage void text(String s) throws Exception {}\n"
                    + "  @OnClose void closed() throws IOException {}\n"
                    + "  @OnReadError void read(Throwable t) throws Exception {}\n"
                    + "  @OnCloseError void close(Throwable t) throws Exception {}\n"
                    + "  @OnRestartError void restart(Throwable t) throws Exception {}\n"
                    + "}\n"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  // --- Reporting ---

  @Test
  void everyProblemIsReportedAtOnce() {
    JavaFileObject source =
        source(
            "ErroneousMany",
            "class ErroneousMany {\n"
                + "  @OnOpen private int opened(String s) { return 0; }\n"
                + "  @OnMessage static void text(Connection c) {}\n"
                + "  @OnClose void closed() {}\n"
                + "  @OnClose void closedAgain() {}\n"
                + "}\n");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("@OnOpen methods must not be private")
        .inFile(source)
        .onLineContaining("int opened");
    assertThat(compilation)
        .hadErrorContaining(
            "@OnOpen methods accept parameters of type Connection, EngineControl or"
                + " OpenInfo; 'opened(String)' declares String")
        .inFile(source)
        .onLineContaining("int opened");
    assertThat(compilation)
        .hadErrorContaining("@OnOpen methods return void; 'opened(String)' returns int")
        .inFile(source)
        .onLineContaining("int opened");
    assertThat(compilation)
        .hadErrorContaining("@OnMessage methods must not be static")
        .inFile(source)
        .onLineContaining("static void text");
    assertThat(compilation)
        .hadErrorContaining("@OnMessage methods take exactly one message parameter")
        .inFile(source)
        .onLineContaining("static void text");
    assertThat(compilation)
        .hadErrorContaining("handler classes have at most one @OnClose method")
        .inFile(source)
        .onLineContaining("void closedAgain");
    assertThat(compilation).hadErrorCount(6);
  }

  @Test
  void unresolvedParameterType_leavesTheErrorToJavac() {
    JavaFileObject source =
        source(
            "ErroneousMissingType",
            "class ErroneousMissingType {\n"
                + "  @OnMessage void text(String s, DoesNotExist d) {}\n"
                + "}\n");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(source)
        .onLineContaining("DoesNotExist d");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void internalFailure_isReportedAsAnErrorWithTheTrace_notACrash() {
    HandlerProcessor failing =
        new HandlerProcessor() {
          @Override
          void processHandler(javax.lang.model.element.TypeElement type, boolean lastRound) {
            throw new IllegalStateException("simulated processor bug");
          }
        };
    JavaFileObject source = source("Fine", "class Fine {\n  @OnOpen void opened() {}\n}\n");
    Compilation compilation = javac().withProcessors(failing).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "wsengine-processor failed on 'com.acme.Fine'; this is a bug in wsengine, please report it"
                + " with this trace:")
        .inFile(source)
        .onLineContaining("class Fine");
    assertThat(compilation)
        .hadErrorContaining("java.lang.IllegalStateException: simulated processor bug");
    assertThat(compilation).hadErrorContaining("at dev.wsengine.processor.HandlerProcessor");
  }

  @Test
  void processorIsRegisteredForJavacAndIsolatingForGradle() throws Exception {
    List<String> found = new ArrayList<>();
    ServiceLoader.load(Processor.class, HandlerProcessor.class.getClassLoader())
        .forEach(p -> found.add(p.getClass().getName()));
    org.junit.jupiter.api.Assertions.assertTrue(
        found.contains(HandlerProcessor.class.getName()), () -> "ServiceLoader found " + found);

    try (InputStream in =
        HandlerProcessor.class.getResourceAsStream(
            "/META-INF/gradle/incremental.annotation.processors")) {
      org.junit.jupiter.api.Assertions.assertEquals(
          "dev.wsengine.processor.HandlerProcessor,isolating",
          new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }
}
