package dev.wsengine.jackson;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The mapper of decoders and encoders built without one. One instance for all of them: a mapper
 * caches what it learns about each type, and it is safe to share because nothing changes it after
 * this class initializes it (it never leaves this package, and the codecs only derive immutable
 * readers, writers and copies from it).
 */
final class DefaultMapper {
  /**
   * Jackson's defaults, except that unknown properties are ignored: servers add fields to their
   * messages, and a client that fails on each new field breaks on an upgrade it did not ask for.
   * Records need nothing extra since Jackson 2.12.
   */
  static final ObjectMapper INSTANCE =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private DefaultMapper() {}
}
