package dev.wsengine.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The six callbacks, with the parameter and return types each accepts. The single source of these
 * rules for the processor, the runtime fallback and the annotations' documentation. Not API.
 */
// The collections are unmodifiable (List.of, and a private EnumSet nobody else sees).
@SuppressWarnings("ImmutableEnumChecker")
public enum CallbackKind {
  OPEN(
      "OnOpen",
      List.of(ParameterKind.CONNECTION, ParameterKind.ENGINE_CONTROL, ParameterKind.OPEN_INFO),
      List.of(ReturnKind.VOID)),
  MESSAGE(
      "OnMessage",
      List.of(
          ParameterKind.TEXT,
          ParameterKind.BYTES,
          ParameterKind.BYTE_BUFFER,
          ParameterKind.MESSAGE,
          ParameterKind.CONNECTION,
          ParameterKind.ENGINE_CONTROL),
      List.of(ReturnKind.VOID, ReturnKind.TEXT, ReturnKind.BYTES, ReturnKind.BYTE_BUFFER)),
  CLOSE(
      "OnClose",
      List.of(ParameterKind.CLOSE_STATUS, ParameterKind.CONNECTION, ParameterKind.ENGINE_CONTROL),
      List.of(ReturnKind.VOID, ReturnKind.CLOSE_STATUS)),
  READ_ERROR(
      "OnReadError",
      List.of(ParameterKind.ERROR, ParameterKind.CONNECTION, ParameterKind.ENGINE_CONTROL),
      List.of(ReturnKind.VOID)),
  CLOSE_ERROR(
      "OnCloseError",
      List.of(ParameterKind.ERROR, ParameterKind.ENGINE_CONTROL),
      List.of(ReturnKind.VOID)),
  RESTART_ERROR(
      "OnRestartError",
      List.of(ParameterKind.ERROR, ParameterKind.RESTART_ATTEMPT, ParameterKind.ENGINE_CONTROL),
      List.of(ReturnKind.VOID));

  private final String simpleName;
  private final List<ParameterKind> parameters;
  private final Set<ParameterKind> parameterSet;
  private final List<ReturnKind> returns;

  CallbackKind(String simpleName, List<ParameterKind> parameters, List<ReturnKind> returns) {
    this.simpleName = simpleName;
    this.parameters = parameters;
    this.parameterSet = EnumSet.copyOf(parameters);
    this.returns = returns;
  }

  /** The kind for an annotation's canonical name ({@code dev.wsengine.OnOpen}), or null. */
  public static CallbackKind forAnnotationName(String canonicalName) {
    for (CallbackKind kind : values()) {
      if (kind.annotationName().equals(canonicalName)) {
        return kind;
      }
    }
    return null;
  }

  /** The annotation's canonical name, such as {@code dev.wsengine.OnOpen}. */
  public String annotationName() {
    return "dev.wsengine." + simpleName;
  }

  /** As users write it: {@code @OnOpen}. */
  public String display() {
    return "@" + simpleName;
  }

  /** Whether a method of this kind may declare a parameter of {@code kind}. */
  public boolean accepts(ParameterKind kind) {
    return parameterSet.contains(kind);
  }

  /** Whether a method of this kind may return {@code kind}. */
  public boolean accepts(ReturnKind kind) {
    return returns.contains(kind);
  }

  /** The accepted parameter types in words: "String, byte[], ... or EngineControl". */
  String acceptedParameters() {
    return orList(parameters.stream().map(ParameterKind::simpleName).collect(Collectors.toList()));
  }

  /** The accepted return types in words: "void or CloseStatus". */
  String acceptedReturns() {
    return orList(returns.stream().map(ReturnKind::simpleName).collect(Collectors.toList()));
  }

  static String orList(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }
}
