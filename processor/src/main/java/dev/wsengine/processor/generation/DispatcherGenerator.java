package dev.wsengine.processor.generation;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import com.squareup.javapoet.WildcardTypeName;
import dev.wsengine.internal.CallbackKind;
import dev.wsengine.internal.CallbackMethod;
import dev.wsengine.internal.HandlerRules;
import dev.wsengine.internal.ParameterKind;
import dev.wsengine.internal.ReturnKind;
import dev.wsengine.processor.model.ScannedHandler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes the dispatcher of one valid handler class: a final class in the handler's package that
 * calls each callback method directly. No reflection, no method handles, no boxing; only the
 * callbacks that exist are overridden.
 *
 * <p>Decoded objects are routed by one {@code instanceof} test per method, most specific type first
 * (the order of {@link HandlerRules.Result#decodedHandlers()}), with a pattern variable: the api is
 * Java 17 bytecode, so every handler compiles at source level 17 or later, and a test followed by a
 * cast would be flagged by linters (Error Prone's PatternMatchingInstanceof) in users' builds.
 */
public final class DispatcherGenerator {
  /**
   * The suffix the runtime looks for: {@code com.acme.Echo} has {@code com.acme.Echo_Dispatcher}.
   */
  public static final String SUFFIX = "_Dispatcher";

  private static final ClassName DISPATCHER = ClassName.get("dev.wsengine.spi", "Dispatcher");
  private static final ClassName SCOPE = ClassName.get("dev.wsengine.spi", "CallbackScope");
  private static final ClassName PAYLOADS = ClassName.get("dev.wsengine.spi", "Payloads");
  private static final ClassName MESSAGE = ClassName.get("dev.wsengine", "Message");
  private static final ClassName CLOSE_STATUS = ClassName.get("dev.wsengine", "CloseStatus");

  private final Elements elements;
  private final Types types;
  private final String generatorName;

  /**
   * @param generatorName the processor's class name, for the {@code @Generated} annotation
   */
  public DispatcherGenerator(Elements elements, Types types, String generatorName) {
    this.elements = elements;
    this.types = types;
    this.generatorName = generatorName;
  }

  /** The name of the dispatcher class for {@code handler}: nested names joined with '_'. */
  public static ClassName dispatcherName(TypeElement handler) {
    ClassName name = ClassName.get(handler);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + SUFFIX);
  }

  public JavaFile generate(ScannedHandler handler, HandlerRules.Result rules) {
    TypeElement type = handler.type();
    TypeName handlerType = handlerType(type);
    ClassName name = dispatcherName(type);

    TypeSpec.Builder dispatcher =
        TypeSpec.classBuilder(name)
            .addOriginatingElement(type)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ParameterizedTypeName.get(DISPATCHER, handlerType))
            .addJavadoc(
                "Calls the callbacks of {@link $T} directly, for the wsengine runtime.\n",
                ClassName.get(type))
            .addField(handlerType, "handler", Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(handlerType, "handler")
                    .addStatement(
                        "this.handler = $T.requireNonNull(handler, $S)", Objects.class, "handler")
                    .build())
            .addMethod(
                override("handler").returns(handlerType).addStatement("return handler").build());
    generatedAnnotation(type).ifPresent(dispatcher::addAnnotation);
    if (usesDeprecated(handler, rules)) {
      dispatcher.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "{$S, $S}", "deprecation", "removal")
              .build());
    }

    Optional<CallbackMethod> text = rules.textHandler();
    Optional<CallbackMethod> binary = rules.binaryHandler();
    if (text.isPresent()) {
      dispatcher.addMethod(
          override("acceptsText").returns(boolean.class).addStatement("return true").build());
    }
    if (binary.isPresent()) {
      dispatcher.addMethod(
          override("acceptsBinary").returns(boolean.class).addStatement("return true").build());
    }
    rules
        .callback(CallbackKind.OPEN)
        .ifPresent(m -> dispatcher.addMethod(voidCallback("onOpen", m, handler)));
    text.ifPresent(m -> dispatcher.addMethod(messageCallback("onText", String.class, m, handler)));
    binary.ifPresent(
        m -> dispatcher.addMethod(messageCallback("onBinary", ByteBuffer.class, m, handler)));
    if (!rules.decodedHandlers().isEmpty()) {
      dispatcher.addMethod(decodedCallback(rules.decodedHandlers(), handler));
    }
    rules
        .callback(CallbackKind.CLOSE)
        .ifPresent(m -> dispatcher.addMethod(closeCallback(m, handler)));
    rules
        .callback(CallbackKind.READ_ERROR)
        .ifPresent(m -> dispatcher.addMethod(voidCallback("onReadError", m, handler)));
    rules
        .callback(CallbackKind.CLOSE_ERROR)
        .ifPresent(m -> dispatcher.addMethod(voidCallback("onCloseError", m, handler)));
    rules
        .callback(CallbackKind.RESTART_ERROR)
        .ifPresent(m -> dispatcher.addMethod(voidCallback("onRestartError", m, handler)));

    return JavaFile.builder(name.packageName(), dispatcher.build())
        .addFileComment("Generated by $L. Do not edit.", generatorName)
        // java.lang types stay explicitly imported: a class named String or Override in the
        // handler's package would otherwise shadow them.
        .build();
  }

  private MethodSpec voidCallback(String name, CallbackMethod method, ScannedHandler handler) {
    return callbackMethod(name, method, handler)
        .addStatement("handler.$L($L)", method.name(), arguments(method, null))
        .build();
  }

  private MethodSpec messageCallback(
      String name, Class<?> messageType, CallbackMethod method, ScannedHandler handler) {
    MethodSpec.Builder spec =
        callbackMethod(
            name, method, handler, ParameterSpec.builder(messageType, "message").build());
    CodeBlock message = messageArgument(method.messageParameter(), messageType == String.class);
    callAndReply(spec, method, handler, message);
    return spec.build();
  }

  /**
   * {@code onDecoded}: for each method, most specific type first, {@code if (message instanceof
   * Tick decoded) { handler.tick(decoded); return true; }}; then {@code return false}.
   */
  private MethodSpec decodedCallback(List<CallbackMethod> routing, ScannedHandler handler) {
    MethodSpec.Builder spec =
        override("onDecoded")
            .returns(boolean.class)
            .addParameter(Object.class, "message")
            .addParameter(SCOPE, "scope");
    boolean throwsException = false;
    for (CallbackMethod method : routing) {
      ExecutableType type = handler.methods().get(method.method()).typeInHandler();
      TypeName messageType =
          erasedName(
              type.getParameterTypes().get(method.parameters().indexOf(ParameterKind.DECODED)));
      spec.beginControlFlow("if (message instanceof $T decoded)", messageType);
      callAndReply(spec, method, handler, CodeBlock.of("decoded"));
      spec.addStatement("return true").endControlFlow();
      throwsException |= throwsException(method, handler);
    }
    if (throwsException) {
      spec.addException(Exception.class);
    }
    return spec.addStatement("return false").build();
  }

  /**
   * Calls an {@code @OnMessage} method with {@code message} as its message argument, and sends its
   * reply, if it has one and it is not null.
   */
  private void callAndReply(
      MethodSpec.Builder spec, CallbackMethod method, ScannedHandler handler, CodeBlock message) {
    CodeBlock call = CodeBlock.of("handler.$L($L)", method.name(), arguments(method, message));
    if (method.returns() == ReturnKind.VOID) {
      spec.addStatement(call);
      return;
    }
    TypeName replyType =
        switch (method.returns()) {
          case TEXT -> TypeName.get(String.class);
          case BYTES -> TypeName.get(byte[].class);
          case BYTE_BUFFER -> TypeName.get(ByteBuffer.class);
          case ENCODED ->
              erasedName(handler.methods().get(method.method()).typeInHandler().getReturnType());
          default -> throw new AssertionError(method.returns());
        };
    String send =
        switch (method.returns()) {
          case TEXT -> "sendText";
          case ENCODED -> "send";
          default -> "sendBinary";
        };
    spec.addStatement("$T reply = $L", replyType, call)
        .beginControlFlow("if (reply != null)")
        .addStatement("scope.connection().$L(reply)", send)
        .endControlFlow();
  }

  /**
   * The erasure of a class type, with wildcards for its type parameters ({@code List<?>} for a raw
   * {@code List}), so that the generated code uses no raw type.
   */
  private TypeName erasedName(TypeMirror type) {
    TypeMirror erased = types.erasure(type);
    if (erased.getKind() != TypeKind.DECLARED) {
      return TypeName.get(erased);
    }
    return handlerType((TypeElement) ((DeclaredType) erased).asElement());
  }

  private MethodSpec closeCallback(CallbackMethod method, ScannedHandler handler) {
    MethodSpec.Builder spec = callbackMethod("onClose", method, handler).returns(CLOSE_STATUS);
    CodeBlock call = CodeBlock.of("handler.$L($L)", method.name(), arguments(method, null));
    if (method.returns() == ReturnKind.CLOSE_STATUS) {
      spec.addStatement("return $L", call);
    } else {
      spec.addStatement(call).addStatement("return null");
    }
    return spec.build();
  }

  private MethodSpec.Builder callbackMethod(
      String name, CallbackMethod method, ScannedHandler handler, ParameterSpec... leading) {
    MethodSpec.Builder spec =
        override(name).addParameters(List.of(leading)).addParameter(SCOPE, "scope");
    if (throwsException(method, handler)) {
      spec.addException(Exception.class);
    }
    return spec;
  }

  /**
   * Whether calling {@code method} may throw a checked exception: it sends a reply or declares one.
   */
  private static boolean throwsException(CallbackMethod method, ScannedHandler handler) {
    boolean sendsReply =
        method.returns() != ReturnKind.VOID && method.kind() == CallbackKind.MESSAGE;
    boolean declaresThrows =
        !handler.methods().get(method.method()).typeInHandler().getThrownTypes().isEmpty();
    return sendsReply || declaresThrows;
  }

  private static CodeBlock messageArgument(ParameterKind parameter, boolean text) {
    return switch (parameter) {
      case TEXT, BYTE_BUFFER -> CodeBlock.of("message");
      case BYTES -> CodeBlock.of("$T.toByteArray(message)", PAYLOADS);
      case MESSAGE -> CodeBlock.of("$T.$L(message)", MESSAGE, text ? "text" : "binary");
      default -> throw new AssertionError(parameter);
    };
  }

  /** The call's arguments in the method's order; {@code message} for the message parameter. */
  private static CodeBlock arguments(CallbackMethod method, CodeBlock message) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (ParameterKind parameter : method.parameters()) {
      arguments.add(
          parameter.isMessage() ? message : CodeBlock.of("scope.$L()", accessor(parameter)));
    }
    return CodeBlock.join(arguments, ", ");
  }

  private static String accessor(ParameterKind parameter) {
    return switch (parameter) {
      case CONNECTION -> "connection";
      case ENGINE_CONTROL -> "control";
      case OPEN_INFO -> "openInfo";
      case CLOSE_STATUS -> "closeStatus";
      case ERROR -> "error";
      case RESTART_ATTEMPT -> "restartAttempt";
      default -> throw new AssertionError(parameter);
    };
  }

  private static MethodSpec.Builder override(String name) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC);
  }

  /** {@code Foo}, or {@code Foo<?, ?>} for a generic class. */
  private static TypeName handlerType(TypeElement type) {
    ClassName raw = ClassName.get(type);
    List<? extends TypeParameterElement> parameters = type.getTypeParameters();
    if (parameters.isEmpty()) {
      return raw;
    }
    TypeName[] wildcards = new TypeName[parameters.size()];
    Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(raw, wildcards);
  }

  private Optional<AnnotationSpec> generatedAnnotation(TypeElement handler) {
    // javax.annotation.processing.Generated exists from Java 9; without it, the comment stays.
    TypeElement generated = elements.getTypeElement("javax.annotation.processing.Generated");
    // It lives in java.compiler, which a handler's named module rarely reads: there the annotation
    // would not compile, so the dispatcher goes without it (it is source-only and informative).
    if (generated == null
        || !reads(elements.getModuleOf(handler), elements.getModuleOf(generated))) {
      return Optional.empty();
    }
    return Optional.of(
        AnnotationSpec.builder(ClassName.get(generated))
            .addMember("value", "$S", generatorName)
            .build());
  }

  /**
   * Whether code in {@code from} can use types of {@code target}: always from the unnamed module
   * (the class path), else if {@code from} requires {@code target} directly (static or not) or
   * through a chain of {@code requires transitive}, as the module system defines reading.
   */
  private static boolean reads(ModuleElement from, ModuleElement target) {
    if (from == null || from.isUnnamed() || target == null || from.equals(target)) {
      return true;
    }
    if (target.getQualifiedName().contentEquals("java.base")) {
      return true;
    }
    Deque<ModuleElement> toVisit = new ArrayDeque<>();
    Set<ModuleElement> seen = new HashSet<>();
    for (RequiresDirective requires : ElementFilter.requiresIn(from.getDirectives())) {
      toVisit.add(requires.getDependency());
    }
    while (!toVisit.isEmpty()) {
      ModuleElement module = toVisit.poll();
      if (!seen.add(module)) {
        continue;
      }
      if (module.equals(target)) {
        return true;
      }
      for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
        if (requires.isTransitive()) {
          toVisit.add(requires.getDependency());
        }
      }
    }
    return false;
  }

  /**
   * Whether the generated code names something deprecated: the handler, a callback, a decoded type
   * or a reply type, or a class enclosing one of those types.
   */
  private boolean usesDeprecated(ScannedHandler handler, HandlerRules.Result rules) {
    List<TypeMirror> named = new ArrayList<>();
    named.add(handler.type().asType());
    for (CallbackMethod method : rules.callbacks()) {
      ExecutableType type = handler.methods().get(method.method()).typeInHandler();
      if (method.returns() == ReturnKind.ENCODED) {
        named.add(type.getReturnType());
      }
      int decoded = method.parameters().indexOf(ParameterKind.DECODED);
      if (decoded >= 0) {
        named.add(type.getParameterTypes().get(decoded));
      }
    }
    for (TypeMirror type : named) {
      for (Element e = types.asElement(type);
          e instanceof TypeElement;
          e = e.getEnclosingElement()) {
        if (elements.isDeprecated(e)) {
          return true;
        }
      }
    }
    return handler.methods().stream().anyMatch(m -> elements.isDeprecated(m.called()));
  }
}
