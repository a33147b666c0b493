/**
 * The wsengine test kit: what a user needs to test a handler without a network (an in-memory
 * transport whose server side the test scripts, a virtual clock the engine accepts), a loopback
 * server for integration tests, and small helpers (waiting with a deadline, a recording handler,
 * checking that no engine thread is left). The core works with any test framework; {@code
 * dev.wsengine.testing.junit} adds a JUnit 5 extension.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.wsengine.testing {
  requires transitive dev.wsengine.api;
  requires static org.junit.jupiter.api;
  requires static com.google.errorprone.annotations;
  // RecordingHandler's generated dispatcher, a public class, carries
  // @javax.annotation.processing.Generated: a source-only annotation, needed to compile the kit and
  // never at run time; transitive because -Xlint:exports wants what a public class shows readable.
  requires static transitive java.compiler;

  exports dev.wsengine.testing;
}
