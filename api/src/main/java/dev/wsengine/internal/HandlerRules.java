package dev.wsengine.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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
  private final List<Problem> warnings = new ArrayList<>();

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
    private final List<Problem> warnings;
    private final List<CallbackMethod> callbacks;
    private final List<CallbackMethod> routing;

    Result(
        List<Problem> problems,
        List<Problem> warnings,
        List<CallbackMethod> callbacks,
        List<CallbackMethod> routing) {
      this.problems = List.copyOf(problems);
      this.warnings = List.copyOf(warnings);
      this.callbacks = List.copyOf(callbacks);
      this.routing = List.copyOf(routing);
    }

    /**
     * Every error: the class first, then its codecs, then its methods in order; empty when the
     * class is a valid handler.
     */
    public List<Problem> problems() {
      return problems;
    }

    /** What is legal but surely a mistake, such as a method no message can reach. */
    public List<Problem> warnings() {
      return warnings;
    }

    /**
     * The {@code @OnMessage} methods that take a decoded type, in the order a dispatcher tests
     * them: a method before any whose type is a supertype of its own, else in declaration order. So
     * the first method whose type an object has is the most specific one.
     */
    public List<CallbackMethod> decodedHandlers() {
      callbacks();
      return routing;
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
    checkCodecs(shape.decoders());
    checkCodecs(shape.encoders());
    List<CallbackMethod> callbacks = new ArrayList<>();
    Map<CallbackKind, MethodShape> firstOfKind = new EnumMap<>(CallbackKind.class);
    Map<TypeRef, MethodShape> firstOfType = new HashMap<>();
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

      TypeRef messageType = null;
      if (kind == CallbackKind.MESSAGE) {
        int messageIndex = indexOfMessage(parameters);
        Optional<ParameterKind> message =
            messageIndex < 0 ? Optional.empty() : Optional.of(parameters.get(messageIndex));
        if (messageIndex >= 0) {
          messageType = method.parameters().get(messageIndex);
        }
        if (message.isPresent() && message.get().isDecoded()) {
          checkDecodable(i, method, messageIndex, messageType);
          MethodShape clash = firstOfType.putIfAbsent(messageType, method);
          if (clash != null) {
            report(
                Diagnostic.DECODED_TYPE_TWICE,
                i,
                -1,
                kind,
                method.signature(),
                messageType.displayName(),
                clash.signature());
          }
        } else if (message.isPresent()) {
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
      if (returns == ReturnKind.ENCODED) {
        checkEncodable(i, method);
      }
      if (problems.size() == before) {
        callbacks.add(
            new CallbackMethod(
                kind, i, method.name(), parameters, returns, messageType, method.returnType()));
      }
    }
    if (shape.methods().isEmpty()) {
      report(Diagnostic.NO_CALLBACKS, -1, -1, null, shape.name());
    }
    if (!problems.isEmpty()) {
      return new Result(problems, List.of(), List.of(), List.of());
    }
    List<CallbackMethod> routing = routingOrder(callbacks);
    checkReachable(routing);
    return new Result(problems, warnings, callbacks, routing);
  }

  private static int indexOfMessage(List<ParameterKind> parameters) {
    for (int p = 0; p < parameters.size(); p++) {
      if (parameters.get(p) != null && parameters.get(p).isMessage()) {
        return p;
      }
    }
    return -1;
  }

  // --- Codecs ---

  private void checkCodecs(List<CodecShape> codecs) {
    for (CodecShape codec : codecs) {
      String member = codec.role().member();
      String iface = codec.role().interfaceName();
      if (!codec.isCodec()) {
        reportCodec(Diagnostic.NOT_A_CODEC, codec, member, iface, iface, codec.name());
        continue;
      }
      if (codec.notInstantiable() != null) {
        reportCodec(
            Diagnostic.CODEC_NOT_INSTANTIABLE,
            codec,
            member,
            codec.name(),
            codec.notInstantiable());
      }
      for (boolean text : new boolean[] {true, false}) {
        TypeRef type = text ? codec.text() : codec.binary();
        if (type != null && shape.types().isTypeVariable(type)) {
          reportCodec(
              Diagnostic.CODEC_TYPE_UNBOUND,
              codec,
              member,
              codec.role() == CodecShape.Role.DECODER ? "produce" : "encode",
              codec.name(),
              iface + (text ? ".Text<" : ".Binary<") + type.displayName() + ">",
              type.displayName(),
              codec.name());
        }
      }
    }
  }

  /** The bound types {@code codec} produces or takes: for text, binary, or both. */
  private List<TypeRef> boundTypes(CodecShape codec) {
    List<TypeRef> bound = new ArrayList<>(2);
    for (TypeRef type : new TypeRef[] {codec.text(), codec.binary()}) {
      if (type != null && !shape.types().isTypeVariable(type)) {
        bound.add(type);
      }
    }
    return bound;
  }

  private void checkDecodable(int i, MethodShape method, int parameter, TypeRef type) {
    TypeSystem types = shape.types();
    if (types.isPrivate(type)) {
      report(
          Diagnostic.TYPE_PRIVATE,
          i,
          parameter,
          CallbackKind.MESSAGE,
          method.signature(),
          "takes",
          type.displayName());
      return;
    }
    for (CodecShape decoder : shape.decoders()) {
      for (TypeRef produced : boundTypes(decoder)) {
        if (types.isSubtype(produced, type) || types.isSubtype(type, produced)) {
          return;
        }
      }
    }
    report(
        Diagnostic.NO_DECODER,
        i,
        parameter,
        CallbackKind.MESSAGE,
        method.signature(),
        type.displayName(),
        declared(shape.decoders(), "decoders", "produce", type));
  }

  private void checkEncodable(int i, MethodShape method) {
    TypeRef type = method.returnType();
    if (shape.types().isPrivate(type)) {
      report(
          Diagnostic.TYPE_PRIVATE,
          i,
          -1,
          CallbackKind.MESSAGE,
          method.signature(),
          "returns",
          type.displayName());
      return;
    }
    for (CodecShape encoder : shape.encoders()) {
      for (TypeRef taken : boundTypes(encoder)) {
        if (shape.types().isSubtype(type, taken)) {
          return;
        }
      }
    }
    report(
        Diagnostic.NO_ENCODER,
        i,
        -1,
        CallbackKind.MESSAGE,
        method.signature(),
        type.displayName(),
        declared(shape.encoders(), "encoders", "take", type));
  }

  /** What the class declares, in words that finish a NO_DECODER or NO_ENCODER message. */
  private String declared(List<CodecShape> codecs, String member, String verb, TypeRef type) {
    String role = member.equals("decoders") ? "Decoder" : "Encoder";
    if (codecs.isEmpty()) {
      return shape.name()
          + " declares no "
          + member
          + ": add @Codecs("
          + member
          + " = ...) naming "
          + article(role)
          + role
          + ".Text<"
          + type.displayName()
          + "> or "
          + article(role)
          + role
          + ".Binary<"
          + type.displayName()
          + ">";
    }
    List<String> described = new ArrayList<>();
    codecs.forEach(c -> described.add(c.describe()));
    return "the "
        + member
        + (shape.codecsDeclaredOn() == null ? "" : " of @Codecs on " + shape.codecsDeclaredOn())
        + " "
        + verb
        + " none that fits: "
        + String.join(", ", described);
  }

  private static String article(String word) {
    return "AEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
  }

  // --- Routing ---

  /** The decoded handlers, each before those whose type is a strict supertype of its own. */
  private List<CallbackMethod> routingOrder(List<CallbackMethod> callbacks) {
    List<CallbackMethod> remaining = new ArrayList<>();
    for (CallbackMethod c : callbacks) {
      if (c.kind() == CallbackKind.MESSAGE && c.messageParameter().isDecoded()) {
        remaining.add(c);
      }
    }
    List<CallbackMethod> order = new ArrayList<>();
    while (!remaining.isEmpty()) {
      for (int r = 0; r < remaining.size(); r++) {
        CallbackMethod candidate = remaining.get(r);
        boolean narrowerLeft = false;
        for (CallbackMethod other : remaining) {
          if (other != candidate && isStrictSubtype(other.messageType(), candidate.messageType())) {
            narrowerLeft = true;
            break;
          }
        }
        if (!narrowerLeft) {
          order.add(remaining.remove(r));
          break;
        }
      }
    }
    return order;
  }

  private boolean isStrictSubtype(TypeRef sub, TypeRef sup) {
    return !sub.equals(sup) && shape.types().isSubtype(sub, sup);
  }

  /** Warns of each decoded handler no object any decoder can produce would reach. */
  private void checkReachable(List<CallbackMethod> routing) {
    for (CallbackMethod method : routing) {
      boolean reachable = false;
      for (CodecShape decoder : shape.decoders()) {
        for (TypeRef produced : boundTypes(decoder)) {
          reachable |= reaches(produced, method.messageType(), routing, new HashSet<>());
        }
      }
      if (!reachable) {
        List<String> narrower = new ArrayList<>();
        routing.stream()
            .filter(other -> isStrictSubtype(other.messageType(), method.messageType()))
            .sorted(Comparator.comparingInt(CallbackMethod::method)) // in declaration order
            .forEach(other -> narrower.add(shape.methods().get(other.method()).signature()));
        warn(
            Diagnostic.UNREACHABLE,
            method.method(),
            shape.methods().get(method.method()).signature(),
            method.messageType().displayName(),
            narrower.isEmpty() ? "none" : String.join(", ", narrower));
      }
    }
  }

  /**
   * Whether some object whose class is {@code produced} or a subtype of it would be routed to the
   * method that takes {@code target}: it is a {@code target}, and no method for a strict subtype of
   * {@code target} takes it first.
   */
  private boolean reaches(
      TypeRef produced, TypeRef target, List<CallbackMethod> routing, Set<TypeRef> seen) {
    if (!seen.add(produced)) {
      return false;
    }
    TypeSystem types = shape.types();
    TypeSystem.Shape form = types.shape(produced);
    if (types.isSubtype(produced, target)) {
      for (CallbackMethod other : routing) {
        TypeRef narrower = other.messageType();
        if (isStrictSubtype(narrower, target) && types.isSubtype(produced, narrower)) {
          return false; // every such object goes to the narrower method
        }
      }
      return switch (form) {
        case FINAL, OPEN, SEALED_CONCRETE -> true; // an object of exactly this class
        case OPEN_ABSTRACT -> true; // some unknown subclass
        case SEALED_ABSTRACT -> reachesThroughPermitted(produced, target, routing, seen);
      };
    }
    if (types.isSubtype(target, produced)) {
      // Only the produced objects that are also targets: those of target's own subtree.
      return reaches(target, target, routing, seen);
    }
    // Unrelated types: an object may still be both, through a subtype of produced.
    return switch (form) {
      case FINAL -> false;
      case SEALED_ABSTRACT, SEALED_CONCRETE ->
          reachesThroughPermitted(produced, target, routing, seen);
      case OPEN, OPEN_ABSTRACT -> mayExtendBoth(produced, target, target, routing);
    };
  }

  /**
   * Whether some class could be both an open {@code produced} and a {@code node} of target's
   * hierarchy, and go to the method for {@code target}: not where a narrower method takes all of
   * {@code node}, nor where the hierarchy is closed by final or sealed types none of which is one.
   */
  private boolean mayExtendBoth(
      TypeRef produced, TypeRef node, TypeRef target, List<CallbackMethod> routing) {
    TypeSystem types = shape.types();
    for (CallbackMethod other : routing) {
      if (isStrictSubtype(other.messageType(), target)
          && types.isSubtype(node, other.messageType())) {
        return false; // every object of node goes to the narrower method
      }
    }
    if (types.isSubtype(node, produced)) {
      return true;
    }
    return switch (types.shape(node)) {
      case FINAL -> false;
      case OPEN, OPEN_ABSTRACT -> true;
      case SEALED_ABSTRACT, SEALED_CONCRETE -> {
        for (TypeRef permitted : types.permittedSubtypes(node)) {
          if (mayExtendBoth(produced, permitted, target, routing)) {
            yield true;
          }
        }
        yield false;
      }
    };
  }

  private boolean reachesThroughPermitted(
      TypeRef sealed, TypeRef target, List<CallbackMethod> routing, Set<TypeRef> seen) {
    for (TypeRef permitted : shape.types().permittedSubtypes(sealed)) {
      if (reaches(permitted, target, routing, seen)) {
        return true;
      }
    }
    return false;
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
      if (parameter == null && kind == CallbackKind.MESSAGE && shape.types().isClassType(type)) {
        parameter = ParameterKind.DECODED;
      }
      if (parameter == null || !(kind.accepts(parameter) || parameter.isDecoded())) {
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
    if (returns == null
        && kind == CallbackKind.MESSAGE
        && shape.types().isClassType(method.returnType())) {
      returns = ReturnKind.ENCODED;
    }
    if (returns == null || !(kind.accepts(returns) || returns == ReturnKind.ENCODED)) {
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
    problems.add(
        new Problem(diagnostic, diagnostic.format(facts), method, parameter, annotation, null));
  }

  private void reportCodec(Diagnostic diagnostic, CodecShape codec, Object... facts) {
    problems.add(new Problem(diagnostic, diagnostic.format(facts), -1, -1, null, codec));
  }

  private void warn(Diagnostic diagnostic, int method, Object... facts) {
    warnings.add(
        new Problem(diagnostic, diagnostic.format(facts), method, -1, CallbackKind.MESSAGE, null));
  }
}
