package dev.wsengine.jackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wsengine.DecodeException;
import dev.wsengine.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sealed interfaces: with Jackson's own annotations, and with a discriminator property and no
 * Jackson annotations on the types (other than an optional {@code @JsonTypeName}).
 */
class SealedTypesTest {
  // --- Described with Jackson's annotations.

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Up.class, name = "up"),
    @JsonSubTypes.Type(value = Down.class, name = "down")
  })
  sealed interface Move permits Up, Down {}

  record Up(int steps) implements Move {}

  record Down(int steps) implements Move {}

  static final class Moves extends JsonDecoder<Move> {}

  // --- No Jackson annotations but a @JsonTypeName; a sealed interface within the hierarchy.

  sealed interface Event permits Tick, Order, Heartbeat, Batch {}

  record Tick(String symbol, double price) implements Event {}

  sealed interface Order extends Event permits Filled, Cancelled {}

  record Filled(String orderId, int quantity) implements Order {}

  @JsonTypeName("cancel")
  record Cancelled(String orderId) implements Order {}

  /** A plain class with no properties. */
  static final class Heartbeat implements Event {}

  /** A property typed by a sealed type of the hierarchy, inside a message of it. */
  record Batch(List<Order> orders) implements Event {}

  static final class Events extends JsonDecoder<Event> {
    Events() {
      super("type");
    }

    Events(ObjectMapper mapper) {
      super(mapper, "type");
    }
  }

  /** The same hierarchy from a sealed type below its root. */
  static final class Orders extends JsonDecoder<Order> {
    Orders() {
      super("type");
    }
  }

  @Test
  void jacksonAnnotationsChooseTheSubtype() throws Exception {
    Moves moves = new Moves();

    assertEquals(new Up(2), moves.decode("{\"kind\":\"up\",\"steps\":2}"));
    assertEquals(new Down(3), moves.decode("{\"steps\":3,\"kind\":\"down\"}"));
  }

  @Test
  void jacksonAnnotationsUnknownTypeIsDecodeException() {
    String text = "{\"kind\":\"sideways\",\"steps\":1}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Moves().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    assertInstanceOf(InvalidTypeIdException.class, e.getCause());
  }

  @Test
  void discriminatorChoosesTheSubtypeBySimpleName() throws Exception {
    Events events = new Events();

    assertEquals(
        new Tick("ACME", 12.5),
        events.decode("{\"type\":\"Tick\",\"symbol\":\"ACME\",\"price\":12.5}"));
    assertInstanceOf(Heartbeat.class, events.decode("{\"type\":\"Heartbeat\"}"));
  }

  @Test
  void discriminatorMayComeAfterTheOtherProperties() throws Exception {
    assertEquals(
        new Tick("ACME", 1),
        new Events().decode("{\"symbol\":\"ACME\",\"price\":1,\"type\":\"Tick\"}"));
  }

  @Test
  void discriminatorReachesIntoNestedSealedInterface() throws Exception {
    Events events = new Events();

    assertEquals(
        new Filled("o-1", 5),
        events.decode("{\"type\":\"Filled\",\"orderId\":\"o-1\",\"quantity\":5}"));
    assertEquals(new Cancelled("o-2"), events.decode("{\"type\":\"cancel\",\"orderId\":\"o-2\"}"));
  }

  @Test
  void jsonTypeNameReplacesTheSimpleName() {
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> new Events().decode("{\"type\":\"Cancelled\",\"orderId\":\"o-2\"}"));

    assertInstanceOf(InvalidTypeIdException.class, e.getCause());
  }

  @Test
  void decoderOfNestedSealedInterfaceKnowsOnlyItsSubtypes() throws Exception {
    Orders orders = new Orders();

    assertEquals(new Cancelled("o-2"), orders.decode("{\"type\":\"cancel\",\"orderId\":\"o-2\"}"));
    DecodeException e =
        assertThrows(
            DecodeException.class, () -> orders.decode("{\"type\":\"Tick\",\"symbol\":\"A\"}"));
    assertInstanceOf(InvalidTypeIdException.class, e.getCause());
  }

  @Test
  void propertyTypedBySealedInterfaceIsDecodedByDiscriminatorToo() throws Exception {
    Event batch =
        new Events()
            .decode(
                "{\"type\":\"Batch\",\"orders\":["
                    + "{\"type\":\"Filled\",\"orderId\":\"a\",\"quantity\":1},"
                    + "{\"type\":\"cancel\",\"orderId\":\"b\"}]}");

    assertEquals(new Batch(List.of(new Filled("a", 1), new Cancelled("b"))), batch);
  }

  @Test
  void unknownDiscriminatorValueIsDecodeExceptionNamingTheKnownOnes() {
    String text = "{\"type\":\"Bogus\",\"symbol\":\"A\"}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Events().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    InvalidTypeIdException cause = assertInstanceOf(InvalidTypeIdException.class, e.getCause());
    assertEquals("Bogus", cause.getTypeId());
    assertTrue(
        e.getMessage()
            .startsWith(
                Events.class.getName()
                    + " cannot decode the text as "
                    + Event.class.getName()
                    + ": Could not resolve type id 'Bogus'"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("known type ids = [Batch, Filled, Heartbeat, Tick, cancel]"),
        e.getMessage());
  }

  @Test
  void missingDiscriminatorIsDecodeException() {
    String text = "{\"symbol\":\"A\",\"price\":1}";

    DecodeException e = assertThrows(DecodeException.class, () -> new Events().decode(text));

    assertEquals(Message.text(text), e.undecoded());
    assertInstanceOf(InvalidTypeIdException.class, e.getCause());
    assertTrue(e.getMessage().contains("missing type id property 'type'"), e.getMessage());
  }

  @Test
  void unknownDiscriminatorIsDecodeExceptionEvenIfMapperWouldReturnNull() {
    ObjectMapper lenient =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE).build();

    DecodeException e =
        assertThrows(
            DecodeException.class, () -> new Events(lenient).decode("{\"type\":\"Bogus\"}"));

    assertTrue(e.getMessage().contains("the JSON value is null"), e.getMessage());
  }

  @Test
  void discriminatorWithUserMapperKeepsItsSettings() throws Exception {
    ObjectMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    Events events = new Events(mapper);

    assertEquals(
        new Filled("o-1", 5),
        events.decode("{\"type\":\"Filled\",\"order_id\":\"o-1\",\"quantity\":5}"));
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> events.decode("{\"type\":\"cancel\",\"order_id\":\"o-2\",\"reason\":\"x\"}"));
    assertInstanceOf(UnrecognizedPropertyException.class, e.getCause());
  }

  @Test
  void discriminatorWorksOnCopyAndLeavesUserMapperAlone() throws Exception {
    ObjectMapper mapper = JsonMapper.builder().build();
    new Events(mapper);

    // The user's mapper still knows nothing of the discriminator: Event stays abstract to it.
    assertThrows(
        com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class,
        () -> mapper.readValue("{\"type\":\"Tick\",\"symbol\":\"A\",\"price\":1}", Event.class));
  }

  // --- Mistakes in the decoder's declaration fail its constructor.

  record Plain(int n) {}

  static final class NotSealed extends JsonDecoder<Plain> {
    NotSealed() {
      super("type");
    }
  }

  @Test
  void discriminatorOnTypeThatIsNotSealedIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NotSealed::new);

    assertEquals(
        NotSealed.class.getName()
            + " gives JsonDecoder the discriminator 'type', which names a subtype of a sealed"
            + " class or interface; its type "
            + Plain.class.getName()
            + " is not sealed. Bind T to the sealed type of the messages, or use a constructor"
            + " without a discriminator",
        e.getMessage());
  }

  static final class Discriminated extends JsonDecoder<Event> {
    Discriminated(String discriminator) {
      super(discriminator);
    }

    Discriminated(ObjectMapper mapper, String discriminator) {
      super(mapper, discriminator);
    }
  }

  @Test
  void blankDiscriminatorIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Discriminated(" "));

    assertEquals(
        Discriminated.class.getName()
            + " gives JsonDecoder the discriminator ' '; it must be the name of a JSON property,"
            + " such as \"type\"",
        e.getMessage());
  }

  @Test
  void nullDiscriminatorIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Discriminated(null));

    assertEquals(
        Discriminated.class.getName()
            + " gives JsonDecoder the discriminator null; it must be the name of a JSON property,"
            + " such as \"type\"",
        e.getMessage());
  }

  @Test
  void nullMapperWithDiscriminatorIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Discriminated(null, "type"));

    assertEquals("mapper", e.getMessage());
  }

  @Test
  void mapperThatIgnoresAnnotationsIsRejected() {
    ObjectMapper mapper = JsonMapper.builder().disable(MapperFeature.USE_ANNOTATIONS).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Discriminated(mapper, "type"));

    assertEquals(
        Discriminated.class.getName()
            + " gives JsonDecoder a mapper with MapperFeature.USE_ANNOTATIONS disabled, and the"
            + " discriminator 'type' needs it enabled: Jackson learns the type information from"
            + " annotation introspection",
        e.getMessage());
  }

  sealed interface Clash permits First.Same, Second.Same {}

  static final class First {
    record Same() implements Clash {}
  }

  static final class Second {
    record Same() implements Clash {}
  }

  static final class Clashes extends JsonDecoder<Clash> {
    Clashes() {
      super("type");
    }
  }

  @Test
  void twoSubtypesWithTheSameNameAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Clashes::new);

    assertEquals(
        "JsonDecoder names each subtype of a sealed type by its @JsonTypeName or its simple name,"
            + " and these must differ; "
            + First.Same.class.getName()
            + " and "
            + Second.Same.class.getName()
            + " are both named 'Same' under "
            + Clash.class.getName()
            + ": give one of them a @JsonTypeName",
        e.getMessage());
  }

  sealed interface Partly permits Closed, Open {}

  record Closed() implements Partly {}

  non-sealed interface Open extends Partly {}

  static final class Partlies extends JsonDecoder<Partly> {
    Partlies() {
      super("type");
    }
  }

  @Test
  void nonSealedAbstractTypeInHierarchyIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Partlies::new);

    assertEquals(
        "JsonDecoder lists the subtypes of the sealed "
            + Partly.class.getName()
            + " to decode it by a discriminator, but "
            + Open.class.getName()
            + " is a non-sealed interface, whose subtypes cannot be listed: seal it, or describe"
            + " the hierarchy with Jackson's @JsonTypeInfo and @JsonSubTypes and use a"
            + " constructor without a discriminator",
        e.getMessage());
  }

  /** One record reached through two sealed interfaces. */
  sealed interface Signal permits Light, Sound {}

  sealed interface Light extends Signal permits Flash {}

  sealed interface Sound extends Signal permits Flash {}

  /** {@code @JsonTypeName} without a value: the simple name, as Jackson itself reads it. */
  @JsonTypeName
  record Flash(int millis) implements Light, Sound {}

  static final class Signals extends JsonDecoder<Signal> {
    Signals() {
      super("type");
    }
  }

  @Test
  void classReachedTwiceIsNamedOnce() throws Exception {
    assertEquals(new Flash(5), new Signals().decode("{\"type\":\"Flash\",\"millis\":5}"));
  }

  sealed interface Partial permits Whole, Fragment {}

  record Whole() implements Partial {}

  abstract static non-sealed class Fragment implements Partial {}

  static final class Partials extends JsonDecoder<Partial> {
    Partials() {
      super("type");
    }
  }

  @Test
  void nonSealedAbstractClassInHierarchyIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Partials::new);

    assertTrue(
        e.getMessage()
            .contains(Fragment.class.getName() + " is a non-sealed abstract class, whose subtypes"),
        e.getMessage());
  }

  /** A concrete sealed class: a message type itself, as well as its subclass. */
  static sealed class Note permits Memo {
    public String text;
  }

  static final class Memo extends Note {
    public int priority;
  }

  static final class Notes extends JsonDecoder<Note> {
    Notes(ObjectMapper mapper) {
      super(mapper, "type");
    }
  }

  @Test
  void concreteSealedRootIsNamedToo() throws Exception {
    Notes notes = new Notes(JsonMapper.builder().build());

    Note note = notes.decode("{\"type\":\"Note\",\"text\":\"n\"}");
    assertEquals(Note.class, note.getClass());
    assertEquals("n", note.text);
    Memo memo = (Memo) notes.decode("{\"type\":\"Memo\",\"text\":\"m\",\"priority\":2}");
    assertEquals(2, memo.priority);
  }

  @Test
  void missingDiscriminatorFailsEvenWhereMapperWouldDefaultToConcreteRoot() {
    // Without type information of its own, Jackson would read this as a plain Note when subtypes
    // need no type id; with @JsonTypeInfo on Note it would insist on the id, and so do we.
    ObjectMapper lenient =
        JsonMapper.builder().disable(MapperFeature.REQUIRE_TYPE_ID_FOR_SUBTYPES).build();

    DecodeException e =
        assertThrows(DecodeException.class, () -> new Notes(lenient).decode("{\"text\":\"n\"}"));

    assertInstanceOf(InvalidTypeIdException.class, e.getCause());
  }

  /** A sealed abstract class with a concrete non-sealed subclass. */
  abstract static sealed class Shape permits Circle, Square {}

  static final class Circle extends Shape {
    public double radius;
  }

  static non-sealed class Square extends Shape {
    public double side;
  }

  static final class Shapes extends JsonDecoder<Shape> {
    Shapes() {
      super("shape");
    }
  }

  @Test
  void sealedAbstractClassWithConcreteNonSealedSubclassDecodes() throws Exception {
    Shapes shapes = new Shapes();

    assertEquals(2.0, ((Circle) shapes.decode("{\"shape\":\"Circle\",\"radius\":2}")).radius);
    assertEquals(3.0, ((Square) shapes.decode("{\"shape\":\"Square\",\"side\":3}")).side);
  }
}
