package dev.wsengine.jackson;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Type information for a sealed hierarchy whose classes carry no Jackson annotations: each concrete
 * class in it is named by its {@code @JsonTypeName} or its simple name, and that name is read from
 * one property of the JSON object, as {@code @JsonTypeInfo(use = NAME, include = PROPERTY, property
 * = ...)} with {@code @JsonSubTypes} listing every subtype would say.
 *
 * <p>How it gets into Jackson: an {@link AnnotationIntrospector} that answers, for the classes of
 * the hierarchy only, what those annotations would, placed in front of the mapper's own
 * introspector on a copy of the mapper. The alternatives fall short: a mix-in class carries
 * annotations, whose values are constants, so it cannot name a property chosen at run time; default
 * typing ({@code ObjectMapper.setDefaultTyping}) would replace any the user's mapper has and needs
 * a {@code PolymorphicTypeValidator} of its own; {@code registerSubtypes} names the subtypes but
 * does not switch type information on. Through the introspector Jackson treats the hierarchy
 * exactly as if annotated: the same deserializers, the same errors ("Could not resolve type id 'x'
 * ... known type ids = [...]"), and a property typed by any sealed type of the hierarchy inside a
 * message works too.
 */
final class Discriminator extends NopAnnotationIntrospector {
  private static final long serialVersionUID = 1L;

  /**
   * Where the type information comes from: the value Jackson reads from this annotation, with the
   * property name put in. (Built from the annotation rather than with {@code Value.construct},
   * whose arguments changed in 2.22, so that a user who pins an older Jackson 2 still runs.)
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY)
  private static final class Template {}

  /** What {@code @JsonTypeInfo} would say; immutable. */
  private final JsonTypeInfo.Value typeInfo;

  /**
   * Every class of the hierarchy (the sealed root, the sealed types below it, the concrete
   * classes), each with its concrete descendants and their names; empty for a class that has none.
   * Written only in the constructor.
   */
  private final HashMap<Class<?>, ArrayList<NamedType>> subtypes = new HashMap<>();

  /** The name of each concrete class; written only in the constructor. */
  private final HashMap<Class<?>, String> names = new HashMap<>();

  private Discriminator(Class<?> root, String property) {
    this.typeInfo =
        JsonTypeInfo.Value.from(Template.class.getAnnotation(JsonTypeInfo.class))
            .withPropertyName(property);
    Set<Class<?>> concretes = new LinkedHashSet<>();
    if (isConcrete(root)) {
      concretes.add(root); // a sealed class may be a message type itself
    }
    concretes.addAll(concreteSubtypes(root, root));
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> concrete : concretes) {
      JsonTypeName annotated = concrete.getAnnotation(JsonTypeName.class);
      String name =
          annotated != null && !annotated.value().isEmpty()
              ? annotated.value()
              : concrete.getSimpleName();
      Class<?> earlier = byName.putIfAbsent(name, concrete);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "JsonDecoder names each subtype of a sealed type by its @JsonTypeName or its simple"
                + " name, and these must differ; "
                + earlier.getName()
                + " and "
                + concrete.getName()
                + " are both named '"
                + name
                + "' under "
                + root.getName()
                + ": give one of them a @JsonTypeName");
      }
      names.put(concrete, name);
    }
    addHierarchy(root);
  }

  /**
   * A copy of {@code mapper} that decodes {@code root}, a sealed class or interface, and the types
   * of its hierarchy by the name in {@code property}.
   *
   * @throws IllegalArgumentException if {@code root} is not sealed, if its hierarchy has a
   *     non-sealed abstract type (whose subtypes cannot be listed) or two classes of the same name,
   *     or if the mapper does not read annotations
   */
  static ObjectMapper apply(ObjectMapper mapper, Class<?> root, String property, String decoder) {
    if (!root.isSealed()) {
      throw new IllegalArgumentException(
          decoder
              + " gives JsonDecoder the discriminator '"
              + property
              + "', which names a subtype of a sealed class or interface; its type "
              + root.getName()
              + " is not sealed. Bind T to the sealed type of the messages, or use a constructor"
              + " without a discriminator");
    }
    if (!mapper.isEnabled(MapperFeature.USE_ANNOTATIONS)) {
      throw new IllegalArgumentException(
          decoder
              + " gives JsonDecoder a mapper with MapperFeature.USE_ANNOTATIONS disabled, and"
              + " the discriminator '"
              + property
              + "' needs it enabled: Jackson learns the type information from annotation"
              + " introspection");
    }
    Discriminator discriminator = new Discriminator(root, property);
    ObjectMapper copy = mapper.copy();
    copy.setAnnotationIntrospectors(
        copy.getSerializationConfig().getAnnotationIntrospector(),
        AnnotationIntrospector.pair(
            discriminator, copy.getDeserializationConfig().getAnnotationIntrospector()));
    return copy;
  }

  /** The concrete classes below {@code sealed}, in declaration order, each once. */
  private static Set<Class<?>> concreteSubtypes(Class<?> root, Class<?> sealed) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      boolean concrete = isConcrete(permitted);
      if (concrete) {
        found.add(permitted);
      }
      if (permitted.isSealed()) {
        found.addAll(concreteSubtypes(root, permitted));
      } else if (!concrete) {
        throw new IllegalArgumentException(
            "JsonDecoder lists the subtypes of the sealed "
                + root.getName()
                + " to decode it by a discriminator, but "
                + permitted.getName()
                + " is a non-sealed "
                + (permitted.isInterface() ? "interface" : "abstract class")
                + ", whose subtypes cannot be listed: seal it, or describe the hierarchy with"
                + " Jackson's @JsonTypeInfo and @JsonSubTypes and use a constructor without a"
                + " discriminator");
      }
    }
    return found;
  }

  private static boolean isConcrete(Class<?> type) {
    return !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
  }

  private void addHierarchy(Class<?> type) {
    if (subtypes.containsKey(type)) {
      return;
    }
    ArrayList<NamedType> below = new ArrayList<>();
    if (type.isSealed()) {
      // The type itself needs no entry: Jackson adds a concrete base type on its own, and asks
      // findTypeName for its name.
      for (Class<?> concrete : concreteSubtypes(type, type)) {
        below.add(new NamedType(concrete, names.get(concrete)));
      }
    }
    subtypes.put(type, below);
    if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        addHierarchy(permitted);
      }
    }
  }

  @Override
  public JsonTypeInfo.Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated annotated) {
    return annotated instanceof AnnotatedClass c && subtypes.containsKey(c.getRawType())
        ? typeInfo
        : null;
  }

  @Override
  public TypeResolverBuilder<?> findTypeResolver(
      MapperConfig<?> config, AnnotatedClass annotated, JavaType baseType) {
    return subtypes.containsKey(annotated.getRawType())
        ? new StdTypeResolverBuilder(typeInfo)
        : null;
  }

  /**
   * Every concrete class below a sealed type of the hierarchy, at once: Jackson would otherwise
   * register the sealed types in between under ids of their own, which no message can use.
   */
  @Override
  public List<NamedType> findSubtypes(Annotated annotated) {
    return annotated instanceof AnnotatedClass c ? subtypes.get(c.getRawType()) : null;
  }

  @Override
  public String findTypeName(AnnotatedClass annotated) {
    return names.get(annotated.getRawType());
  }
}
