package dev.wsengine.internal;

import java.util.List;

/** A valid callback method: what to call and what to pass. Not API. */
public final class CallbackMethod {
  private final CallbackKind kind;
  private final int method;
  private final String name;
  private final List<ParameterKind> parameters;
  private final ReturnKind returns;

  CallbackMethod(
      CallbackKind kind,
      int method,
      String name,
      List<ParameterKind> parameters,
      ReturnKind returns) {
    this.kind = kind;
    this.method = method;
    this.name = name;
    this.parameters = List.copyOf(parameters);
    this.returns = returns;
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

  /** For an {@code @OnMessage} method: its message parameter. */
  public ParameterKind messageParameter() {
    return parameters.stream().filter(ParameterKind::isMessage).findFirst().orElseThrow();
  }
}
