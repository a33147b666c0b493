package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeRefTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "java.lang.String | String",
        "java.util.List<java.lang.String> | List<String>",
        "java.util.Map<java.lang.String, java.lang.Integer> | Map<String, Integer>",
        "java.util.Map.Entry<java.lang.String, java.util.List<byte[]>> | Map.Entry<String, List<byte[]>>",
        "java.util.List<? extends java.lang.Number> | List<? extends Number>",
        "byte[] | byte[]",
        "java.lang.String[][] | String[][]",
        "com.acme.Outer.Inner | Outer.Inner",
        "com.acme.Outer.Inner[] | Outer.Inner[]",
        "int | int",
        "void | void",
      })
  void displayName_dropsPackageQualifiers(String canonicalName, String displayName) {
    TypeRef type = TypeRef.of(canonicalName);

    assertEquals(displayName, type.displayName());
    assertEquals(canonicalName, type.canonicalName());
    assertEquals(canonicalName, type.toString());
  }

  @Test
  void equality_followsTheCanonicalName() {
    assertEquals(TypeRef.of("java.lang.String"), TypeRef.of("java.lang.String"));
    assertEquals(
        TypeRef.of("java.lang.String").hashCode(), TypeRef.of("java.lang.String").hashCode());
    // Same display name, different types.
    assertNotEquals(TypeRef.of("java.lang.String"), TypeRef.of("com.acme.String"));
  }
}
