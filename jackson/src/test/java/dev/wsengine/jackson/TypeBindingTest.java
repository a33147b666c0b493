package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a subclass binds T, and the clear error when it does not. */
class TypeBindingTest {
  record Tick(String symbol) {}

  /** Leaves T open: instantiated raw, it would not know what to decode into. */
  static class Generic<T> extends JsonDecoder<T> {}

  /** Extends JsonDecoder raw. */
  @SuppressWarnings("rawtypes")
  static final class Raw extends JsonDecoder {}

  /** Binds T to a type that still mentions its own open variable. */
  static class ListOf<X> extends JsonDecoder<List<X>> {}

  /** Binds the open variable of a generic class between it and JsonDecoder. */
  static final class Ticks extends ListOf<Tick> {}

  /** Binds T through two levels of renamed variables. */
  abstract static class Keyed<K, V> extends JsonDecoder<Map<K, V>> {}

  abstract static class ByName<V> extends Keyed<String, V> {}

  static final class TicksByName extends ByName<Tick> {}

  private static String unbound(Class<?> decoder) {
    return decoder.getName()
        + " leaves the type argument T of JsonDecoder<T> unbound, so it cannot know what to decode"
        + " into; bind it in the class declaration, as in 'final class Events extends"
        + " JsonDecoder<Event> {}'";
  }

  @Test
  void rawInstanceOfGenericSubclassIsRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Generic::new);

    assertEquals(unbound(Generic.class), e.getMessage());
  }

  @Test
  void parameterizedInstanceOfGenericSubclassIsRejectedToo() {
    // Type arguments of an instance creation are erased: the object cannot see them.
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Generic<Tick>());

    assertEquals(unbound(Generic.class), e.getMessage());
  }

  @Test
  void rawSubclassIsRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Raw::new);

    assertEquals(unbound(Raw.class), e.getMessage());
  }

  @Test
  void typeMentioningOpenVariableIsRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, ListOf::new);

    assertEquals(unbound(ListOf.class), e.getMessage());
  }

  @Test
  void variableBoundFurtherDownIsResolved() throws Exception {
    assertEquals(
        List.of(new Tick("A"), new Tick("B")),
        new Ticks().decode("[{\"symbol\":\"A\"},{\"symbol\":\"B\"}]"));
  }

  @Test
  void variablesRenamedOnTheWayUpAreResolved() throws Exception {
    assertEquals(
        Map.of("a", new Tick("A")), new TicksByName().decode("{\"a\":{\"symbol\":\"A\"}}"));
  }

  static class ArrayOf<X> extends JsonDecoder<X[]> {}

  static final class TickArrays extends ArrayOf<Tick> {}

  static class Bounded<X> extends JsonDecoder<List<? extends X>> {}

  static class LowerBounded<X> extends JsonDecoder<List<? super X>> {}

  static final class BoundedTicks extends Bounded<Tick> {}

  @Test
  void arrayOfOpenVariableIsRejectedAndResolvedWhenBound() throws Exception {
    IllegalStateException e = assertThrows(IllegalStateException.class, ArrayOf::new);

    assertEquals(unbound(ArrayOf.class), e.getMessage());
    assertEquals(List.of(new Tick("A")), List.of(new TickArrays().decode("[{\"symbol\":\"A\"}]")));
  }

  @Test
  void wildcardOfOpenVariableIsRejectedAndResolvedWhenBound() throws Exception {
    assertEquals(
        unbound(Bounded.class),
        assertThrows(IllegalStateException.class, Bounded::new).getMessage());
    assertEquals(
        unbound(LowerBounded.class),
        assertThrows(IllegalStateException.class, LowerBounded::new).getMessage());
    assertEquals(List.of(new Tick("A")), new BoundedTicks().decode("[{\"symbol\":\"A\"}]"));
  }

  /** A member class of a generic class: its type mentions the outer class's variable. */
  static class Outer<X> {
    class Inner {}
  }

  abstract static class Base<T> {}

  static class OpenOwner<X> extends Base<Outer<X>.Inner> {}

  static final class ClosedOwner extends Base<Outer<Tick>.Inner> {}

  private static final TypeVariable<?> BASE_T = Base.class.getTypeParameters()[0];

  @Test
  void ownerTypeIsCheckedToo() {
    assertEquals(null, TypeArgument.bound(OpenOwner.class, Base.class, BASE_T));
    Type closed = TypeArgument.bound(ClosedOwner.class, Base.class, BASE_T);
    assertEquals(
        Outer.class.getName() + "<" + Tick.class.getName() + ">$Inner", closed.getTypeName());
  }

  @Test
  void classOutsideTheHierarchyIsAProgrammingError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TypeArgument.bound(String.class, Base.class, BASE_T));

    assertEquals("java.lang.String is not a " + Base.class.getName(), e.getMessage());
  }

  @Test
  void anonymousSubclassBindsT() throws Exception {
    JsonDecoder<Tick> ticks = new JsonDecoder<Tick>() {};

    assertEquals(new Tick("A"), ticks.decode("{\"symbol\":\"A\"}"));
  }
}
