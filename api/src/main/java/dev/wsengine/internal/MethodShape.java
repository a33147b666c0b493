package dev.wsengine.internal;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One callback method as a front end found it: after resolving inheritance, the method the
 * dispatcher will call and the callback annotations that apply to it. Not API.
 */
public final class MethodShape {
  /** A method's access level. */
  public enum Access {
    PUBLIC("public"),
    PROTECTED("protected"),
    PACKAGE("package-private"),
    PRIVATE("private");

    private final String word;

    Access(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  private final String name;
  private final String declaringClass;
  private final boolean declaredInOtherPackage;
  private final List<CallbackKind> annotations;
  private final Access access;
  private final boolean isStatic;
  private final boolean isAbstract;
  private final List<String> typeParameters;
  private final List<TypeRef> parameters;
  private final TypeRef returnType;

  private MethodShape(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.declaringClass = Objects.requireNonNull(b.declaringClass, "declaringClass");
    this.declaredInOtherPackage = b.declaredInOtherPackage;
    this.annotations = List.copyOf(b.annotations);
    this.access = Objects.requireNonNull(b.access, "access");
    this.isStatic = b.isStatic;
    this.isAbstract = b.isAbstract;
    this.typeParameters = List.copyOf(b.typeParameters);
    this.parameters = List.copyOf(b.parameters);
    this.returnType = Objects.requireNonNull(b.returnType, "returnType");
  }

  public static Builder builder() {
    return new Builder();
  }

  public String name() {
    return name;
  }

  /** The display name of the class that declares the method, such as {@code Outer.Inner}. */
  public String declaringClass() {
    return declaringClass;
  }

  /** Whether the method is declared in a superclass from another package than the handler's. */
  public boolean declaredInOtherPackage() {
    return declaredInOtherPackage;
  }

  /** The callback annotations on the method, in source order. */
  public List<CallbackKind> annotations() {
    return annotations;
  }

  public Access access() {
    return access;
  }

  public boolean isStatic() {
    return isStatic;
  }

  public boolean isAbstract() {
    return isAbstract;
  }

  /** The names of the method's own type parameters, empty when it has none. */
  public List<String> typeParameters() {
    return typeParameters;
  }

  public List<TypeRef> parameters() {
    return parameters;
  }

  public TypeRef returnType() {
    return returnType;
  }

  /** How errors name the method: {@code text(String, Connection)}. */
  public String signature() {
    return name
        + parameters.stream().map(TypeRef::displayName).collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String toString() {
    return declaringClass + "." + signature();
  }

  /** Builds a {@link MethodShape}. */
  public static final class Builder {
    private String name;
    private String declaringClass;
    private boolean declaredInOtherPackage;
    private List<CallbackKind> annotations = List.of();
    private Access access = Access.PACKAGE;
    private boolean isStatic;
    private boolean isAbstract;
    private List<String> typeParameters = List.of();
    private List<TypeRef> parameters = List.of();
    private TypeRef returnType;

    private Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder declaringClass(String declaringClass) {
      this.declaringClass = declaringClass;
      return this;
    }

    public Builder declaredInOtherPackage(boolean declaredInOtherPackage) {
      this.declaredInOtherPackage = declaredInOtherPackage;
      return this;
    }

    public Builder annotations(List<CallbackKind> annotations) {
      this.annotations = annotations;
      return this;
    }

    public Builder access(Access access) {
      this.access = access;
      return this;
    }

    public Builder isStatic(boolean isStatic) {
      this.isStatic = isStatic;
      return this;
    }

    public Builder isAbstract(boolean isAbstract) {
      this.isAbstract = isAbstract;
      return this;
    }

    public Builder typeParameters(List<String> typeParameters) {
      this.typeParameters = typeParameters;
      return this;
    }

    public Builder parameters(List<TypeRef> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder returnType(TypeRef returnType) {
      this.returnType = returnType;
      return this;
    }

    public MethodShape build() {
      return new MethodShape(this);
    }
  }
}
