package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.CallbackMethod;
import dev.wsengine.internal.ParameterKind;
import dev.wsengine.internal.ReturnKind;
import dev.wsengine.spi.CallbackScope;
import dev.wsengine.spi.Payloads;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The method bodies of a fallback dispatcher, in bytecode: what javac makes of the processor's
 * generated source (see {@code EchoClient_Dispatcher} in the processor's golden files). Each
 * callback is one {@code invokevirtual} of the handler's method with the arguments read from the
 * scope, so a call costs what a hand-written one costs: no reflection, no method handles, no boxing
 * (every value passed is a reference, and the dispatcher's own methods return a boolean or a
 * reference).
 *
 * <p>The dispatcher class has one field, {@code handler}, typed as the handler class.
 */
final class DispatcherBytecode {
  static final String HANDLER = "handler";

  private static final String SCOPE = Type.getInternalName(CallbackScope.class);
  private static final String CONNECTION = Type.getInternalName(Connection.class);

  private DispatcherBytecode() {}

  /** {@code public Foo$WsengineDispatcher$1(Foo handler)}: checks the handler, keeps it. */
  static ByteCodeAppender constructor(Class<?> handlerClass) {
    return (MethodVisitor mv, Implementation.Context context, MethodDescription method) -> {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitMethodInsn(
          Opcodes.INVOKESPECIAL, Type.getInternalName(Object.class), "<init>", "()V", false);
      mv.visitVarInsn(Opcodes.ALOAD, 1);
      mv.visitLdcInsn(HANDLER);
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          Type.getInternalName(Objects.class),
          "requireNonNull",
          "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;",
          false);
      mv.visitInsn(Opcodes.POP);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitVarInsn(Opcodes.ALOAD, 1);
      mv.visitFieldInsn(
          Opcodes.PUTFIELD,
          context.getInstrumentedType().getInternalName(),
          HANDLER,
          Type.getDescriptor(handlerClass));
      mv.visitInsn(Opcodes.RETURN);
      return new ByteCodeAppender.Size(2, method.getStackSize());
    };
  }

  /** {@code handler()}: returns the field. */
  static ByteCodeAppender handlerGetter(Class<?> handlerClass) {
    return (MethodVisitor mv, Implementation.Context context, MethodDescription method) -> {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(
          Opcodes.GETFIELD,
          context.getInstrumentedType().getInternalName(),
          HANDLER,
          Type.getDescriptor(handlerClass));
      mv.visitInsn(Opcodes.ARETURN);
      return new ByteCodeAppender.Size(1, method.getStackSize());
    };
  }

  /** {@code acceptsText()} and {@code acceptsBinary()} of a handler that has the method. */
  static ByteCodeAppender returnsTrue() {
    return (MethodVisitor mv, Implementation.Context context, MethodDescription method) -> {
      mv.visitInsn(Opcodes.ICONST_1);
      mv.visitInsn(Opcodes.IRETURN);
      return new ByteCodeAppender.Size(1, method.getStackSize());
    };
  }

  /**
   * One callback: {@code onOpen(scope)}, {@code onText(message, scope)}, {@code onBinary(message,
   * scope)}, {@code onClose(scope)} or one of the error callbacks.
   *
   * @param handlerClass the class the dispatcher is for; {@code method} is declared in it or in a
   *     superclass
   * @param message the type of the dispatcher method's message parameter ({@code String} or {@code
   *     ByteBuffer}), or null for callbacks without one
   */
  static ByteCodeAppender callback(
      Class<?> handlerClass, Method method, CallbackMethod callback, Class<?> message) {
    return (MethodVisitor mv,
        Implementation.Context context,
        MethodDescription dispatcherMethod) -> {
      int scope = message == null ? 1 : 2;
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(
          Opcodes.GETFIELD,
          context.getInstrumentedType().getInternalName(),
          HANDLER,
          Type.getDescriptor(handlerClass));
      invokeHandler(
          mv,
          handlerClass,
          method,
          callback,
          scope,
          parameter -> {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            convertMessage(mv, parameter, message);
          });
      int stack = Math.max(1 + callback.parameters().size(), 2);
      int locals = dispatcherMethod.getStackSize();

      if (callback.kind() == CallbackKind.CLOSE) {
        if (callback.returns() == ReturnKind.CLOSE_STATUS) {
          castIfErased(mv, method, CloseStatus.class);
        } else {
          mv.visitInsn(Opcodes.ACONST_NULL);
        }
        mv.visitInsn(Opcodes.ARETURN);
      } else if (callback.kind() == CallbackKind.MESSAGE && callback.returns() != ReturnKind.VOID) {
        sendReply(mv, context, method, callback.returns(), message);
        locals++;
      } else {
        mv.visitInsn(Opcodes.RETURN);
      }
      return new ByteCodeAppender.Size(stack, locals);
    };
  }

  /** The dispatcher's message ({@code String} or {@code ByteBuffer}) as the parameter's type. */
  private static void convertMessage(MethodVisitor mv, ParameterKind parameter, Class<?> message) {
    switch (parameter) {
      case TEXT, BYTE_BUFFER -> {}
      case BYTES ->
          mv.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              Type.getInternalName(Payloads.class),
              "toByteArray",
              Type.getMethodDescriptor(Type.getType(byte[].class), Type.getType(ByteBuffer.class)),
              false);
      case MESSAGE ->
          mv.visitMethodInsn(
              Opcodes.INVOKESTATIC,
              Type.getInternalName(Message.class),
              message == String.class ? "text" : "binary",
              Type.getMethodDescriptor(Type.getType(Message.class), Type.getType(message)),
              false);
      case DECODED -> throw new AssertionError("decoded messages go to onDecoded");
      default -> throw new AssertionError(parameter + " is not a message parameter");
    }
  }

  /**
   * With the handler's reply on the stack: {@code if (reply != null)
   * scope.connection().sendText(reply)} (or {@code sendBinary}), then return.
   */
  private static void sendReply(
      MethodVisitor mv,
      Implementation.Context context,
      Method method,
      ReturnKind returns,
      Class<?> message) {
    Class<?> replyType = replyType(returns, method);
    int reply = 3; // after this, the message and the scope
    if (returns != ReturnKind.ENCODED) {
      castIfErased(mv, method, replyType);
    }
    mv.visitVarInsn(Opcodes.ASTORE, reply);
    mv.visitVarInsn(Opcodes.ALOAD, reply);
    Label done = new Label();
    mv.visitJumpInsn(Opcodes.IFNULL, done);
    mv.visitVarInsn(Opcodes.ALOAD, 2);
    mv.visitMethodInsn(
        Opcodes.INVOKEINTERFACE,
        SCOPE,
        "connection",
        "()" + Type.getDescriptor(Connection.class),
        true);
    mv.visitVarInsn(Opcodes.ALOAD, reply);
    sendCall(mv, returns, replyType);
    mv.visitLabel(done);
    // No frames are computed for us: the one at the jump target says what the locals hold.
    mv.visitFrame(
        Opcodes.F_FULL,
        4,
        new Object[] {
          context.getInstrumentedType().getInternalName(),
          Type.getInternalName(message),
          SCOPE,
          Type.getInternalName(replyType)
        },
        0,
        new Object[0]);
    mv.visitInsn(Opcodes.RETURN);
  }

  /**
   * With the handler on the stack, pushes the callback's arguments in its order (the message by
   * {@code loadMessage}, the others from the scope in local {@code scope}) and calls it. The
   * receiver's class is the owner, as javac writes it: the method may be declared in a superclass
   * the dispatcher's package cannot name.
   */
  private static void invokeHandler(
      MethodVisitor mv,
      Class<?> handlerClass,
      Method method,
      CallbackMethod callback,
      int scope,
      Consumer<ParameterKind> loadMessage) {
    for (ParameterKind parameter : callback.parameters()) {
      if (parameter.isMessage()) {
        loadMessage.accept(parameter);
      } else {
        Accessor accessor = Accessor.of(parameter);
        mv.visitVarInsn(Opcodes.ALOAD, scope);
        mv.visitMethodInsn(
            Opcodes.INVOKEINTERFACE,
            SCOPE,
            accessor.name,
            "()" + Type.getDescriptor(accessor.type),
            true);
      }
    }
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        Type.getInternalName(handlerClass),
        method.getName(),
        Type.getMethodDescriptor(method),
        false);
  }

  /**
   * The type of the local that holds a reply: the send method's parameter type, or for an encoded
   * reply the method's own return type (sent as an {@code Object}, so never cast).
   */
  private static Class<?> replyType(ReturnKind returns, Method method) {
    return switch (returns) {
      case TEXT -> String.class;
      case BYTES -> byte[].class;
      case BYTE_BUFFER -> ByteBuffer.class;
      case ENCODED -> method.getReturnType();
      default -> throw new AssertionError(returns + " is not a reply");
    };
  }

  /** {@code connection.sendText(reply)}, {@code sendBinary(reply)} or {@code send(reply)}. */
  private static void sendCall(MethodVisitor mv, ReturnKind returns, Class<?> replyType) {
    if (returns == ReturnKind.ENCODED) {
      mv.visitMethodInsn(
          Opcodes.INVOKEINTERFACE,
          CONNECTION,
          "send",
          Type.getMethodDescriptor(Type.VOID_TYPE, Type.getType(Object.class)),
          true);
    } else {
      mv.visitMethodInsn(
          Opcodes.INVOKEINTERFACE,
          CONNECTION,
          returns == ReturnKind.TEXT ? "sendText" : "sendBinary",
          Type.getMethodDescriptor(Type.VOID_TYPE, Type.getType(replyType)),
          true);
    }
  }

  /**
   * {@code onDecoded(Object message, CallbackScope scope)}: for each method, most specific first,
   * {@code if (message instanceof Tick) { handler.tick((Tick) message, ...); return true; }}, with
   * the reply sent as {@link #callback} sends it; then {@code return false}.
   *
   * @param methods the methods of {@code routing}, index for index
   * @param decodedTypes the class each takes as a member of the handler, index for index: for a
   *     method of a generic superclass, the class its type variable is bound to
   */
  static ByteCodeAppender decoded(
      Class<?> handlerClass,
      List<Method> methods,
      List<Class<?>> decodedTypes,
      List<CallbackMethod> routing) {
    return (MethodVisitor mv,
        Implementation.Context context,
        MethodDescription dispatcherMethod) -> {
      String self = context.getInstrumentedType().getInternalName();
      Object[] locals = {self, Type.getInternalName(Object.class), SCOPE};
      int stack = 2;
      for (int m = 0; m < routing.size(); m++) {
        CallbackMethod callback = routing.get(m);
        Method method = methods.get(m);
        String decodedType = Type.getInternalName(decodedTypes.get(m));
        Label next = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, decodedType);
        mv.visitJumpInsn(Opcodes.IFEQ, next);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, self, HANDLER, Type.getDescriptor(handlerClass));
        invokeHandler(
            mv,
            handlerClass,
            method,
            callback,
            2,
            parameter -> {
              mv.visitVarInsn(Opcodes.ALOAD, 1);
              mv.visitTypeInsn(Opcodes.CHECKCAST, decodedType);
            });
        stack = Math.max(stack, 1 + callback.parameters().size());
        ReturnKind returns = callback.returns();
        if (returns != ReturnKind.VOID) {
          Class<?> replyType = replyType(returns, method);
          if (returns != ReturnKind.ENCODED) {
            castIfErased(mv, method, replyType);
          }
          Label sent = new Label();
          mv.visitVarInsn(Opcodes.ASTORE, 3);
          mv.visitVarInsn(Opcodes.ALOAD, 3);
          mv.visitJumpInsn(Opcodes.IFNULL, sent);
          mv.visitVarInsn(Opcodes.ALOAD, 2);
          mv.visitMethodInsn(
              Opcodes.INVOKEINTERFACE,
              SCOPE,
              "connection",
              "()" + Type.getDescriptor(Connection.class),
              true);
          mv.visitVarInsn(Opcodes.ALOAD, 3);
          sendCall(mv, returns, replyType);
          mv.visitLabel(sent);
          mv.visitFrame(
              Opcodes.F_FULL,
              4,
              new Object[] {self, locals[1], SCOPE, Type.getInternalName(replyType)},
              0,
              new Object[0]);
        }
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(next);
        mv.visitFrame(Opcodes.F_FULL, 3, locals, 0, new Object[0]);
      }
      mv.visitInsn(Opcodes.ICONST_0);
      mv.visitInsn(Opcodes.IRETURN);
      return new ByteCodeAppender.Size(stack, 4);
    };
  }

  /**
   * A method of a generic superclass returns its type variable's erasure ({@code Object} for {@code
   * T}), where the handler class binds it to {@code String}: javac casts there, and so must we, or
   * the verifier rejects the class.
   */
  private static void castIfErased(MethodVisitor mv, Method method, Class<?> expected) {
    if (method.getReturnType() != expected) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, Type.getInternalName(expected));
    }
  }

  /** The {@link CallbackScope} method that supplies a parameter kind. */
  private enum Accessor {
    CONNECTION("connection", Connection.class),
    CONTROL("control", EngineControl.class),
    OPEN_INFO("openInfo", OpenInfo.class),
    CLOSE_STATUS("closeStatus", CloseStatus.class),
    ERROR("error", Throwable.class),
    RESTART_ATTEMPT("restartAttempt", RestartAttempt.class);

    final String name;
    final Class<?> type;

    Accessor(String name, Class<?> type) {
      this.name = name;
      this.type = type;
    }

    static Accessor of(ParameterKind parameter) {
      return switch (parameter) {
        case CONNECTION -> CONNECTION;
        case ENGINE_CONTROL -> CONTROL;
        case OPEN_INFO -> OPEN_INFO;
        case CLOSE_STATUS -> CLOSE_STATUS;
        case ERROR -> ERROR;
        case RESTART_ATTEMPT -> RESTART_ATTEMPT;
        default -> throw new AssertionError(parameter + " is a message parameter");
      };
    }
  }
}
