package dev.wsengine.runtime.internal.dispatch;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.dispatch.handlers.Caller;
import dev.wsengine.runtime.internal.dispatch.handlers.EveryCallback;
import dev.wsengine.runtime.internal.dispatch.handlers.Generic;
import dev.wsengine.runtime.internal.dispatch.handlers.Inheritance;
import dev.wsengine.runtime.internal.dispatch.handlers.MessageKinds;
import dev.wsengine.runtime.internal.dispatch.handlers.Recorder;
import dev.wsengine.runtime.internal.dispatch.handlers.Replies;
import dev.wsengine.spi.Dispatcher;
import dev.wsengine.testfixtures.FakeScope;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

/**
 * The class the fallback generates, read back from its bytecode: it must be what javac would make
 * of the processor's output, so that a call through it costs what a direct call costs.
 */
class ByteBuddyDispatcherFactoryTest {
  /** Each method of a class file, as the instructions that call or reference something. */
  private static Map<String, List<String>> instructions(
      byte[] classFile, List<String> fields, int[] access) {
    Map<String, List<String>> methods = new HashMap<>();
    OpenedClassReader.of(classFile)
        .accept(
            new ClassVisitor(OpenedClassReader.ASM_API) {
              @Override
              public void visit(
                  int version,
                  int flags,
                  String name,
                  String signature,
                  String superName,
                  String[] interfaces) {
                access[0] = flags;
              }

              @Override
              public FieldVisitor visitField(
                  int flags, String name, String descriptor, String signature, Object value) {
                fields.add(flags + " " + name + " " + descriptor);
                return null;
              }

              @Override
              public MethodVisitor visitMethod(
                  int flags,
                  String name,
                  String descriptor,
                  String signature,
                  String[] exceptions) {
                List<String> body = new ArrayList<>();
                methods.put(name + descriptor, body);
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                  @Override
                  public void visitMethodInsn(
                      int opcode, String owner, String method, String desc, boolean itf) {
                    body.add(opcodeName(opcode) + " " + owner + "." + method + desc);
                  }

                  @Override
                  public void visitInvokeDynamicInsn(
                      String method,
                      String desc,
                      net.bytebuddy.jar.asm.Handle bsm,
                      Object... args) {
                    body.add("INVOKEDYNAMIC " + method);
                  }

                  @Override
                  public void visitLdcInsn(Object value) {
                    body.add("LDC " + value);
                  }

                  @Override
                  public void visitTypeInsn(int opcode, String type) {
                    body.add((opcode == Opcodes.CHECKCAST ? "CHECKCAST " : "TYPE ") + type);
                  }
                };
              }
            },
            ClassReader.SKIP_DEBUG);
    return methods;
  }

  private static String opcodeName(int opcode) {
    return switch (opcode) {
      case Opcodes.INVOKEVIRTUAL -> "INVOKEVIRTUAL";
      case Opcodes.INVOKEINTERFACE -> "INVOKEINTERFACE";
      case Opcodes.INVOKESTATIC -> "INVOKESTATIC";
      case Opcodes.INVOKESPECIAL -> "INVOKESPECIAL";
      default -> "OPCODE" + opcode;
    };
  }

  private static final String HANDLER =
      "dev/wsengine/runtime/internal/dispatch/handlers/EveryCallback";
  private static final String SCOPE = "dev/wsengine/spi/CallbackScope";

  @Test
  void everyCallbackIsOneDirectCallWithArgumentsFromTheScope() {
    List<String> fields = new ArrayList<>();
    int[] access = new int[1];
    Map<String, List<String>> methods =
        instructions(ByteBuddyDispatcherFactory.classFile(EveryCallback.class), fields, access);

    assertThat(access[0] & (Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL))
        .isEqualTo(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL);
    assertThat(fields)
        .containsExactly((Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL) + " handler L" + HANDLER + ";");
    assertThat(methods.get("onText(Ljava/lang/String;Ldev/wsengine/spi/CallbackScope;)V"))
        .containsExactly(
            "INVOKEINTERFACE " + SCOPE + ".control()Ldev/wsengine/EngineControl;",
            "INVOKEINTERFACE " + SCOPE + ".connection()Ldev/wsengine/Connection;",
            "INVOKEVIRTUAL "
                + HANDLER
                + ".text(Ldev/wsengine/EngineControl;Ljava/lang/String;Ldev/wsengine/Connection;)V")
        .inOrder();
    assertThat(methods.get("onBinary(Ljava/nio/ByteBuffer;Ldev/wsengine/spi/CallbackScope;)V"))
        .containsExactly(
            "INVOKEINTERFACE " + SCOPE + ".connection()Ldev/wsengine/Connection;",
            "INVOKEINTERFACE " + SCOPE + ".control()Ldev/wsengine/EngineControl;",
            "INVOKESTATIC dev/wsengine/spi/Payloads.toByteArray(Ljava/nio/ByteBuffer;)[B",
            "INVOKEVIRTUAL "
                + HANDLER
                + ".binary(Ldev/wsengine/Connection;Ldev/wsengine/EngineControl;[B)V")
        .inOrder();
    assertThat(methods.get("onClose(Ldev/wsengine/spi/CallbackScope;)Ldev/wsengine/CloseStatus;"))
        .containsExactly(
            "INVOKEINTERFACE " + SCOPE + ".control()Ldev/wsengine/EngineControl;",
            "INVOKEINTERFACE " + SCOPE + ".connection()Ldev/wsengine/Connection;",
            "INVOKEINTERFACE " + SCOPE + ".closeStatus()Ldev/wsengine/CloseStatus;",
            "INVOKEVIRTUAL "
                + HANDLER
                + ".closed(Ldev/wsengine/EngineControl;Ldev/wsengine/Connection;Ldev/wsengine/CloseStatus;)"
                + "Ldev/wsengine/CloseStatus;")
        .inOrder();
    assertThat(methods.get("<init>(L" + HANDLER + ";)V"))
        .containsExactly(
            "INVOKESPECIAL java/lang/Object.<init>()V",
            "LDC handler",
            "INVOKESTATIC java/util/Objects.requireNonNull(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;")
        .inOrder();
    assertThat(methods.keySet())
        .containsExactly(
            "<init>(L" + HANDLER + ";)V",
            // handler() returns the handler class, with a bridge for the erased H: as javac
            // compiles
            // the processor's "public EveryCallback handler()".
            "handler()L" + HANDLER + ";",
            "handler()Ljava/lang/Object;",
            "acceptsText()Z",
            "acceptsBinary()Z",
            "onOpen(Ldev/wsengine/spi/CallbackScope;)V",
            "onText(Ljava/lang/String;Ldev/wsengine/spi/CallbackScope;)V",
            "onBinary(Ljava/nio/ByteBuffer;Ldev/wsengine/spi/CallbackScope;)V",
            "onClose(Ldev/wsengine/spi/CallbackScope;)Ldev/wsengine/CloseStatus;",
            "onReadError(Ldev/wsengine/spi/CallbackScope;)V",
            "onCloseError(Ldev/wsengine/spi/CallbackScope;)V",
            "onRestartError(Ldev/wsengine/spi/CallbackScope;)V");
    assertThat(methods.get("handler()Ljava/lang/Object;"))
        .containsExactly(
            "INVOKEVIRTUAL " + HANDLER + "$WsengineDispatcher$0.handler()L" + HANDLER + ";");
  }

  @Test
  void noReflectionNoMethodHandlesNoBoxing_inAnyShapeOfDispatcher() {
    for (Class<?> handler :
        List.of(
            EveryCallback.class,
            Replies.Text.class,
            Replies.Bytes.class,
            Replies.Buffer.class,
            Replies.Close.class,
            Replies.VoidClose.class,
            MessageKinds.Any.class,
            Generic.class,
            Inheritance.SubWithCallbacks.class)) {
      Map<String, List<String>> methods =
          instructions(
              ByteBuddyDispatcherFactory.classFile(handler), new ArrayList<>(), new int[1]);
      for (Map.Entry<String, List<String>> method : methods.entrySet()) {
        for (String instruction : method.getValue()) {
          assertThat(instruction).doesNotContain("java/lang/reflect");
          assertThat(instruction).doesNotContain("java/lang/invoke");
          assertThat(instruction).doesNotContain("INVOKEDYNAMIC");
          assertThat(instruction).doesNotContain(".valueOf(");
        }
      }
    }
  }

  @Test
  void replyIsSentOnlyWhenNotNull_throughTheConnectionFromTheScope() {
    Map<String, List<String>> methods =
        instructions(
            ByteBuddyDispatcherFactory.classFile(Replies.Buffer.class),
            new ArrayList<>(),
            new int[1]);

    assertThat(methods.get("onText(Ljava/lang/String;Ldev/wsengine/spi/CallbackScope;)V"))
        .containsExactly(
            "INVOKESTATIC dev/wsengine/Message.text(Ljava/lang/String;)Ldev/wsengine/Message;",
            "INVOKEVIRTUAL dev/wsengine/runtime/internal/dispatch/handlers/Replies$Buffer.received"
                + "(Ldev/wsengine/Message;)Ljava/nio/ByteBuffer;",
            "INVOKEINTERFACE " + SCOPE + ".connection()Ldev/wsengine/Connection;",
            "INVOKEINTERFACE dev/wsengine/Connection.sendBinary(Ljava/nio/ByteBuffer;)V")
        .inOrder();
  }

  @Test
  void theHandlersCallerIsTheDispatcherItself_forBothKinds() throws Exception {
    for (DispatcherMode mode : List.of(DispatcherMode.GENERATED, DispatcherMode.FALLBACK)) {
      Recorder recorder = new Recorder();
      Dispatcher<Caller> dispatcher = Dispatchers.create(new Caller(recorder), mode);

      dispatcher.onText("hi", FakeScope.empty());

      assertThat(recorder.calls())
          .containsExactly(List.of(dispatcher.getClass().getName(), "onText"));
    }
  }

  @Test
  void generatedClass_isADispatcherOfTheHandlerClass_inItsPackage() {
    Class<?> type =
        Dispatchers.create(new EveryCallback(new Recorder()), DispatcherMode.FALLBACK).getClass();

    assertThat(type.getPackageName()).isEqualTo(EveryCallback.class.getPackageName());
    assertThat(type.getClassLoader()).isSameInstanceAs(EveryCallback.class.getClassLoader());
    ParameterizedType dispatcher = (ParameterizedType) type.getGenericInterfaces()[0];
    assertThat(dispatcher.getRawType()).isEqualTo(Dispatcher.class);
    assertThat(dispatcher.getActualTypeArguments()).asList().containsExactly(EveryCallback.class);
  }
}
