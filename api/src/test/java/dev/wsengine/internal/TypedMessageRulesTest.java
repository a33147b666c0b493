package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.internal.HandlerRules.Result;
import dev.wsengine.internal.HandlerShape.Kind;
import dev.wsengine.internal.HandlerShape.Nesting;
import dev.wsengine.internal.TypeSystem.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The typed-message rules on hand-built shapes and a hand-built type system: the routing order and
 * which methods no decoded object can reach. The processor's and the fallback's tests check the
 * messages through javac and reflection.
 */
class TypedMessageRulesTest {
  /** Types by name: their supertypes, shape and permitted subtypes. */
  private static final class Types implements TypeSystem {
    private final Map<String, Set<String>> supertypes = new HashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, List<String>> permitted = new HashMap<>();

    Types type(String name, Shape shape, String... supertypesOf) {
      supertypes.put(name, Set.of(supertypesOf));
      shapes.put(name, shape);
      return this;
    }

    Types sealed(String name, boolean concrete, String... permits) {
      type(name, concrete ? Shape.SEALED_CONCRETE : Shape.SEALED_ABSTRACT);
      permitted.put(name, List.of(permits));
      return this;
    }

    @Override
    public boolean isClassType(TypeRef type) {
      return shapes.containsKey(type.canonicalName());
    }

    @Override
    public boolean isTypeVariable(TypeRef type) {
      return type.canonicalName().equals("T");
    }

    @Override
    public boolean isSubtype(TypeRef sub, TypeRef sup) {
      return isSubtype(sub.canonicalName(), sup.canonicalName());
    }

    private boolean isSubtype(String sub, String sup) {
      if (sub.equals(sup) || sup.equals("java.lang.Object")) {
        return true;
      }
      for (String s : supertypes.getOrDefault(sub, Set.of())) {
        if (isSubtype(s, sup)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Shape shape(TypeRef type) {
      return shapes.get(type.canonicalName());
    }

    @Override
    public boolean isPrivate(TypeRef type) {
      return type.canonicalName().startsWith("Private");
    }

    @Override
    public List<TypeRef> permittedSubtypes(TypeRef type) {
      return permitted.getOrDefault(type.canonicalName(), List.of()).stream()
          .map(TypeRef::of)
          .collect(Collectors.toList());
    }
  }

  /** Event is sealed: Tick and Ack are records, Fault a final class. */
  private static Types exchange() {
    return new Types()
        .type("java.lang.Object", Shape.OPEN)
        .sealed("Event", false, "Tick", "Ack", "Fault")
        .type("Tick", Shape.FINAL, "Event")
        .type("Ack", Shape.FINAL, "Event")
        .type("Fault", Shape.FINAL, "Event");
  }

  @Test
  void routingTestsTheMostSpecificTypeFirstAndKeepsDeclarationOrderOtherwise() {
    Result result =
        check(
            exchange(),
            List.of(decoder("EventDecoder", "Event")),
            onMessage("any", "java.lang.Object"),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"),
            onMessage("ack", "Ack"));
    assertTrue(result.isValid(), result.problems().toString());
    assertEquals(
        List.of("tick", "ack", "event", "any"),
        result.decodedHandlers().stream().map(CallbackMethod::name).collect(Collectors.toList()));
    // Fault reaches event(Event); nothing reaches any(Object): every Event has a method.
    assertEquals(
        List.of(
            "@OnMessage method 'any(Object)' is never called: every Object a decoder can produce"
                + " goes to a more specific method (event(Event), tick(Tick), ack(Ack))"),
        messages(result.warnings()));
  }

  @Test
  void aSealedTypeWhoseEverySubtypeHasAMethodIsNeverReached() {
    Result result =
        check(
            exchange(),
            List.of(decoder("EventDecoder", "Event")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"),
            onMessage("ack", "Ack"),
            onMessage("fault", "Fault"));
    assertTrue(result.isValid());
    assertEquals(
        List.of(
            "@OnMessage method 'event(Event)' is never called: every Event a decoder can produce"
                + " goes to a more specific method (tick(Tick), ack(Ack), fault(Fault))"),
        messages(result.warnings()));
  }

  @Test
  void aFinalDecodedTypeNeverReachesTheMethodForItsSupertype() {
    Result result =
        check(
            exchange(),
            List.of(decoder("TickDecoder", "Tick")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"));
    assertEquals(1, result.warnings().size());
    assertEquals(0, result.warnings().get(0).method());
  }

  @Test
  void anOpenTypeMayHaveSubclassesNoMethodTakes() {
    Types types =
        new Types()
            .type("Event", Shape.OPEN_ABSTRACT)
            .type("Tick", Shape.FINAL, "Event")
            .type("Quote", Shape.OPEN, "Event");
    Result result =
        check(
            types,
            List.of(decoder("EventDecoder", "Event")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"),
            onMessage("quote", "Quote"));
    assertTrue(result.isValid());
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void aConcreteSealedClassReachesItsOwnMethodThroughItsOwnInstances() {
    Types types = new Types().sealed("Event", true, "Tick").type("Tick", Shape.FINAL, "Event");
    Result result =
        check(
            types,
            List.of(decoder("EventDecoder", "Event")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"));
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void aMethodForASubtypeOfWhatADecoderProducesIsReachedThroughThatDecoder() {
    Result result =
        check(exchange(), List.of(decoder("EventDecoder", "Event")), onMessage("tick", "Tick"));
    assertTrue(result.isValid());
    assertEquals(List.of(), result.warnings());
    assertEquals(ParameterKind.DECODED, result.decodedHandlers().get(0).messageParameter());
    assertEquals(TypeRef.of("Tick"), result.decodedHandlers().get(0).messageType());
  }

  @Test
  void anUnboundCodecProducesNothingAndIsReported() {
    Result result = check(exchange(), List.of(decoder("Generic", "T")), onMessage("tick", "Tick"));
    assertEquals(
        List.of(
            "@Codecs decoders must bind the type they produce; 'Generic' implements Decoder.Text<T>"
                + " with T unbound. Declare a subclass that binds it, such as 'class TickCodec"
                + " extends Generic<Tick>'",
            "typed @OnMessage parameters need a decoder that produces them; 'tick(Tick)' takes"
                + " Tick, and the decoders of @Codecs on Trader produce none that fits: Generic"
                + " (Decoder.Text<T>)"),
        messages(result.problems()));
    assertEquals("Generic", result.problems().get(0).codec().name());
    assertEquals(-1, result.problems().get(0).method());
    assertEquals(0, result.problems().get(1).parameter());
  }

  @Test
  void aSealedTargetUnrelatedToAnOpenDecodedTypeIsReachedOnlyThroughSubtypesNoMethodTakes() {
    Types types = exchange().type("Open", Shape.OPEN_ABSTRACT);
    Result covered =
        check(
            types,
            List.of(decoder("Anything", "Open")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"),
            onMessage("ack", "Ack"),
            onMessage("fault", "Fault"));
    // NO_DECODER: Event is unrelated to what the only decoder produces.
    assertEquals(Diagnostic.NO_DECODER, covered.problems().get(0).diagnostic());

    Result viaEvent =
        check(
            types,
            List.of(decoder("EventDecoder", "Event"), decoder("Anything", "Open")),
            onMessage("event", "Event"),
            onMessage("tick", "Tick"),
            onMessage("ack", "Ack"),
            onMessage("fault", "Fault"),
            onMessage("open", "Open"));
    assertEquals(1, viaEvent.warnings().size());
    assertEquals(0, viaEvent.warnings().get(0).method());
  }

  @Test
  void privateTypesCannotBeDecodedOrReplied() {
    Types types = exchange().type("PrivateTick", Shape.FINAL, "Event");
    Result result =
        check(types, List.of(decoder("EventDecoder", "Event")), onMessage("tick", "PrivateTick"));
    assertEquals(
        List.of(
            "typed @OnMessage parameters and replies must be accessible from the handler's"
                + " package; 'tick(PrivateTick)' takes PrivateTick, which is private or nested in"
                + " a private class"),
        messages(result.problems()));
    assertEquals(0, result.problems().get(0).parameter());
  }

  private static CodecShape decoder(String name, String produces) {
    return CodecShape.of(CodecShape.Role.DECODER, 0, name, TypeRef.of(produces), null, false, null);
  }

  private static MethodShape onMessage(String name, String parameter) {
    return MethodShape.builder()
        .name(name)
        .declaringClass("Trader")
        .annotations(List.of(CallbackKind.MESSAGE))
        .parameters(List.of(TypeRef.of(parameter)))
        .returnType(TypeRef.of("void"))
        .build();
  }

  private static Result check(Types types, List<CodecShape> decoders, MethodShape... methods) {
    return HandlerRules.check(
        HandlerShape.of("Trader", Kind.CLASS, Nesting.TOP_LEVEL, false, null, List.of(methods))
            .withCodecs("Trader", decoders, List.of(), types));
  }

  private static List<String> messages(List<Problem> problems) {
    List<String> messages = new ArrayList<>();
    problems.forEach(p -> messages.add(p.message()));
    return messages;
  }
}
