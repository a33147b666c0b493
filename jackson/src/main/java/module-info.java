/**
 * A JSON codec for wsengine's typed messages, over Jackson databind: {@link
 * dev.wsengine.jackson.JsonDecoder} (records, classes, sealed interfaces) and {@link
 * dev.wsengine.jackson.JsonEncoder}.
 *
 * <p>Jackson reads and writes the message types by reflection: in a named module, open their
 * packages to {@code com.fasterxml.jackson.databind} ({@code opens com.acme.messages to
 * com.fasterxml.jackson.databind;}).
 */
module dev.wsengine.jackson {
  requires transitive dev.wsengine.api;
  requires transitive com.fasterxml.jackson.databind;

  exports dev.wsengine.jackson;
}
