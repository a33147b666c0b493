package dev.wsengine.internal;

import java.util.List;

/** A valid callback method: what to call and what to pass. Not API. */
public final class CallbackMethod {
  private final CallbackKind kind;
  private final int method;
  private final String name;
  private final List<ParameterKind> parameters;
  private final ReturnKind returns;
  private final TypeRef messageType;
  private final TypeRef returnType;

  CallbackMethod(
      CallbackKind kind,
      int method,
      String name,
      List<ParameterKind> parameters,
      ReturnKind returns,
      TypeRef messageType,
      TypeRef returnType) {
    this.kind = kind;
    this.method = method;
    this.name = name;
    this.parameters = List.copyOf(parameters);
    this.returns = returns;
    this.messageType = messageType;
    this.returnType = returnType;
  }

  public CallbackKind kind() {
    return kind;
  }

  /** The index of the method in {@link HandlerShape#methods()}. */
  public int method() {
    return method;
  }

  public String name() {
    return name;
  }

  /** What to pass, in the method's parameter order. */
  public List<ParameterKind> parameters() {
    return parameters;
  }

  public ReturnKind returns() {
    return returns;
  }

  /** The type of the message parameter, for an {@code @OnMessage} method; else null. */
  public TypeRef messageType() {
    return messageType;
  }

  /** The declared return type. */
  public TypeRef returnType() {
    return returnType;
  }

  /** For an {@code @OnMessage} method: its message parameter. */
  public ParameterKind messageParameter() {
    return parameters.stream().filter(ParameterKind::isMessage).findFirst().orElseThrow();
  }
}
