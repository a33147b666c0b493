package dev.wsengine.processor.model;

import dev.wsengine.internal.TypeRef;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * Names types the way {@link Class#getCanonicalName()} does, so that the processor and the runtime
 * fallback match the same names. {@code TypeMirror.toString()} will not do: it includes type
 * annotations ({@code java.lang.@Nullable String}).
 */
final class TypeNames {
  private TypeNames() {}

  static TypeRef ref(TypeMirror type) {
    return TypeRef.of(name(type));
  }

  static String name(TypeMirror type) {
    return switch (type.getKind()) {
      case DECLARED -> declaredName((DeclaredType) type);
      case ARRAY -> name(((ArrayType) type).getComponentType()) + "[]";
      case TYPEVAR -> ((TypeVariable) type).asElement().getSimpleName().toString();
      case WILDCARD -> wildcardName((WildcardType) type);
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE, VOID ->
          type.getKind().name().toLowerCase(Locale.ROOT);
      default -> type.toString();
    };
  }

  private static String declaredName(DeclaredType declared) {
    String raw = ((TypeElement) declared.asElement()).getQualifiedName().toString();
    if (declared.getTypeArguments().isEmpty()) {
      return raw;
    }
    return declared.getTypeArguments().stream()
        .map(TypeNames::name)
        .collect(Collectors.joining(", ", raw + "<", ">"));
  }

  private static String wildcardName(WildcardType wildcard) {
    if (wildcard.getExtendsBound() != null) {
      return "? extends " + name(wildcard.getExtendsBound());
    }
    if (wildcard.getSuperBound() != null) {
      return "? super " + name(wildcard.getSuperBound());
    }
    return "?";
  }
}
