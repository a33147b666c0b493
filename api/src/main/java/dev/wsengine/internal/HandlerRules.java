package dev.wsengine.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every handler class must follow, checked on a {@link HandlerShape} so that the
 * processor (javac elements) and the runtime fallback (reflection) apply exactly the same ones.
 * Reports every problem at once, never only the first. Not API.
 */
public final class HandlerRules {
  private final HandlerShape shape;
  private final List<Problem> problems = new ArrayList<>();

  private HandlerRules(HandlerShape shape) {
    this.shape = shape;
  }

  /** Checks {@code shape}: its problems, or the callbacks to generate a dispatcher for. */
  public static Result check(HandlerShape shape) {
    return new HandlerRules(shape).run();
  }

  /** What {@link #check} found. */
  public static final class Result {
    private final List<Problem> problems;
    private final List<CallbackMethod> callbacks;

    Result(List<Problem> problems, List<CallbackMethod> callbacks) {
      this.problems = List.copyOf(problems);
      this.callbacks = List.copyOf(callbacks);
    }

    /** Every problem, in the order of the methods; empty when the class is a valid handler. */
    public List<Problem> problems() {
      return problems;
    }

    /**
     * The callbacks, when there are no problems; in the order of {@link HandlerShape#methods()}.
     */
    public List<CallbackMethod> callbacks() {
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid handler: " + problems);
      }
      return callbacks;
    }

    public boolean isValid() {
      return problems.isEmpty();
    }

    /** The callback of {@code kind}, for every kind but {@code MESSAGE}. */
    public Optional<CallbackMethod> callback(CallbackKind kind) {
      return callbacks().stream().filter(c -> c.kind() == kind).findFirst();
    }

    /** The {@code @OnMessage} method that receives text, if any. */
    public Optional<CallbackMethod> textHandler() {
      return messageHandler(true);
    }

    /** The {@code @OnMessage} method that receives binary messages, if any. */
    public Optional<CallbackMethod> binaryHandler() {
      return messageHandler(false);
    }

    private Optional<CallbackMethod> messageHandler(boolean text) {
      return callbacks().stream()
          .filter(c -> c.kind() == CallbackKind.MESSAGE)
          .filter(
              c ->
                  text
                      ? c.messageParameter().receivesText()
                      : c.messageParameter().receivesBinary())
          .findFirst();
    }
  }

  private Result run() {
    checkClass();
    List<CallbackMethod> callbacks = new ArrayList<>();
    Map<CallbackKind, MethodShape> firstOfKind = new EnumMap<>(CallbackKind.class);
    MethodShape firstText = null;
    MethodShape firstBinary = null;
    for (int i = 0; i < shape.methods().size(); i++) {
      MethodShape method = shape.methods().get(i);
      List<CallbackKind> annotations = method.annotations();
      if (annotations.isEmpty()) {
        throw new IllegalArgumentException(method + " has no callback annotation");
      }
      CallbackKind kind = annotations.get(0);
      if (annotations.size() > 1) {
        report(
            Diagnostic.TWO_ANNOTATIONS,
            i,
            -1,
            annotations.get(1),
            method.signature(),
            annotations.get(0).display(),
            annotations.get(1).display());
      }
      int before = problems.size();
      checkModifiers(i, method, kind);
      List<ParameterKind> parameters = checkParameters(i, method, kind);
      ReturnKind returns = checkReturn(i, method, kind);

      if (kind == CallbackKind.MESSAGE) {
        Optional<ParameterKind> message =
            parameters.stream().filter(p -> p != null && p.isMessage()).findFirst();
        if (message.isPresent()) {
          ParameterKind m = message.get();
          MethodShape clash =
              m.receivesText() && firstText != null
                  ? firstText
                  : m.receivesBinary() && firstBinary != null ? firstBinary : null;
          if (clash != null) {
            report(
                Diagnostic.MESSAGE_KIND_TWICE,
                i,
                -1,
                kind,
                method.signature(),
                receivesWords(m),
                clash.signature());
          } else {
            if (m.receivesText()) {
              firstText = method;
            }
            if (m.receivesBinary()) {
              firstBinary = method;
            }
          }
        }
      } else if (firstOfKind.containsKey(kind)) {
        report(
            Diagnostic.CALLBACK_TWICE,
            i,
            -1,
            kind,
            kind.display(),
            method.signature(),
            firstOfKind.get(kind).signature());
      } else {
        firstOfKind.put(kind, method);
      }
      if (problems.size() == before) {
        callbacks.add(new CallbackMethod(kind, i, method.name(), parameters, returns));
      }
    }
    if (shape.methods().isEmpty()) {
      report(Diagnostic.NO_CALLBACKS, -1, -1, null, shape.name());
    }
    return new Result(problems, problems.isEmpty() ? callbacks : List.of());
  }

  private void checkClass() {
    if (shape.kind() == HandlerShape.Kind.INTERFACE
        || shape.kind() == HandlerShape.Kind.ANNOTATION) {
      report(Diagnostic.NOT_A_CLASS, -1, -1, null, shape.name(), shape.kind().words());
      return;
    }
    switch (shape.nesting()) {
      case INNER_MEMBER -> report(Diagnostic.CLASS_INNER, -1, -1, null, shape.name());
      case LOCAL -> report(Diagnostic.CLASS_LOCAL, -1, -1, null, shape.name());
      case ANONYMOUS -> report(Diagnostic.CLASS_ANONYMOUS, -1, -1, null);
      case TOP_LEVEL, STATIC_MEMBER -> {}
    }
    if (shape.isPrivate()) {
      report(Diagnostic.CLASS_PRIVATE, -1, -1, null, shape.name());
    } else if (shape.privateEnclosingClass() != null) {
      report(
          Diagnostic.CLASS_IN_PRIVATE_CLASS,
          -1,
          -1,
          null,
          shape.name(),
          shape.privateEnclosingClass());
    }
  }

  private void checkModifiers(int i, MethodShape method, CallbackKind kind) {
    String display = kind.display();
    if (method.access() == MethodShape.Access.PRIVATE) {
      report(Diagnostic.METHOD_PRIVATE, i, -1, kind, display, method.signature());
    } else if (method.declaredInOtherPackage() && method.access() != MethodShape.Access.PUBLIC) {
      report(
          Diagnostic.METHOD_INHERITED_NOT_PUBLIC,
          i,
          -1,
          kind,
          display,
          method.signature(),
          method.declaringClass(),
          method.access().word());
    }
    if (method.isStatic()) {
      report(Diagnostic.METHOD_STATIC, i, -1, kind, display, method.signature());
    }
    if (method.isAbstract()) {
      report(Diagnostic.METHOD_ABSTRACT, i, -1, kind, display, method.signature());
    }
    if (!method.typeParameters().isEmpty()) {
      report(
          Diagnostic.METHOD_TYPE_PARAMETERS,
          i,
          -1,
          kind,
          display,
          method.signature(),
          String.join(", ", method.typeParameters()).transform(s -> "<" + s + ">"));
    }
  }

  /** The kind of each parameter, null where it is not accepted. */
  private List<ParameterKind> checkParameters(int i, MethodShape method, CallbackKind kind) {
    List<ParameterKind> kinds = new ArrayList<>();
    Set<ParameterKind> seen = EnumSet.noneOf(ParameterKind.class);
    TypeRef message = null;
    for (int p = 0; p < method.parameters().size(); p++) {
      TypeRef type = method.parameters().get(p);
      ParameterKind parameter = ParameterKind.forTypeName(type.canonicalName());
      if (parameter == null || !kind.accepts(parameter)) {
        report(
            Diagnostic.PARAMETER_NOT_ACCEPTED,
            i,
            p,
            kind,
            kind.display(),
            kind.acceptedParameters(),
            method.signature(),
            type.displayName());
        kinds.add(null);
        continue;
      }
      kinds.add(parameter);
      if (!seen.add(parameter)) {
        report(
            Diagnostic.PARAMETER_TWICE,
            i,
            p,
            kind,
            kind.display(),
            method.signature(),
            type.displayName());
      } else if (parameter.isMessage()) {
        if (message != null) {
          report(
              Diagnostic.MESSAGE_PARAMETER_EXTRA,
              i,
              p,
              kind,
              method.signature(),
              message.displayName(),
              type.displayName());
        } else {
          message = type;
        }
      }
    }
    if (kind == CallbackKind.MESSAGE && message == null) {
      report(Diagnostic.MESSAGE_PARAMETER_MISSING, i, -1, kind, method.signature());
    }
    return kinds;
  }

  private ReturnKind checkReturn(int i, MethodShape method, CallbackKind kind) {
    ReturnKind returns = ReturnKind.forTypeName(method.returnType().canonicalName());
    if (returns == null || !kind.accepts(returns)) {
      report(
          Diagnostic.RETURN_NOT_ACCEPTED,
          i,
          -1,
          kind,
          kind.display(),
          kind.acceptedReturns(),
          method.signature(),
          method.returnType().displayName());
    }
    return returns;
  }

  private static String receivesWords(ParameterKind message) {
    return message.receivesText() && message.receivesBinary()
        ? "text and binary"
        : message.receivesText() ? "text" : "binary";
  }

  private void report(
      Diagnostic diagnostic, int method, int parameter, CallbackKind annotation, Object... facts) {
    problems.add(new Problem(diagnostic, diagnostic.format(facts), method, parameter, annotation));
  }
}
