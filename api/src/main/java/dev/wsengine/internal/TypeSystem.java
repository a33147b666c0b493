package dev.wsengine.internal;

import java.util.List;

/**
 * What the rules need to know about types beyond their names, answered by a front end (javac's
 * {@code Types}, or reflection) for the types it put in a {@link HandlerShape}. Types are compared
 * by their erasure. Not API.
 */
public interface TypeSystem {
  /** Knows no types: every type is treated as one no decoder can produce. */
  TypeSystem NONE =
      new TypeSystem() {
        @Override
        public boolean isClassType(TypeRef type) {
          return false;
        }

        @Override
        public boolean isTypeVariable(TypeRef type) {
          return false;
        }

        @Override
        public boolean isSubtype(TypeRef sub, TypeRef sup) {
          return sub.equals(sup);
        }

        @Override
        public Shape shape(TypeRef type) {
          return Shape.OPEN;
        }

        @Override
        public boolean isPrivate(TypeRef type) {
          return false;
        }

        @Override
        public List<TypeRef> permittedSubtypes(TypeRef type) {
          return List.of();
        }
      };

  /** Whether objects can have subtypes of it, and which. */
  enum Shape {
    /** A final class, a record or an enum: no subtypes. */
    FINAL,
    /** A concrete class or an interface anyone may extend. */
    OPEN,
    /** An abstract class or interface anyone may extend. */
    OPEN_ABSTRACT,
    /** A sealed class or interface: only {@link #permittedSubtypes}; abstract or interface. */
    SEALED_ABSTRACT,
    /** A sealed, concrete class: its own instances, and those of its permitted subtypes. */
    SEALED_CONCRETE
  }

  /**
   * Whether the type is a class or interface type without type arguments, such as a decoded
   * {@code @OnMessage} parameter must be: one an {@code instanceof} can test.
   */
  boolean isClassType(TypeRef type);

  /** Whether the type is a type variable, such as a codec's unbound {@code T}. */
  boolean isTypeVariable(TypeRef type);

  /** Whether {@code sub} is {@code sup} or a subtype of it, comparing erasures. */
  boolean isSubtype(TypeRef sub, TypeRef sup);

  /** The type's shape; meaningful for class types only. */
  Shape shape(TypeRef type);

  /**
   * Whether the class type, or a class enclosing it, is private: code in another class, such as a
   * dispatcher, cannot name it.
   */
  boolean isPrivate(TypeRef type);

  /** The permitted direct subtypes of a sealed type, in declaration order; empty otherwise. */
  List<TypeRef> permittedSubtypes(TypeRef type);
}
