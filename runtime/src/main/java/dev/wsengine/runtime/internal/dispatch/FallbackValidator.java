package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.internal.HandlerRules;
import dev.wsengine.internal.HandlerShape;
import dev.wsengine.internal.MethodShape;
import dev.wsengine.internal.Problem;
import dev.wsengine.runtime.InvalidHandlerException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a class by reflection with the rules the processor applies at compile time, for classes it
 * did not see (processor not run, another JVM language, local and anonymous classes).
 *
 * <p>Messages are the processor's, from the shared catalogue, with {@code " for method
 * EchoClient.text"} added to each problem of a method: a compiler error points at the line, an
 * exception cannot. The class is named by its display name ({@code Outer.Inner}) and is the class
 * that declares the method, which for an inherited callback is a superclass. Problems of the class
 * itself get nothing added: each already names the class (or says it is anonymous), and the
 * exception's first line gives its full name.
 */
final class FallbackValidator {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");

  private FallbackValidator() {}

  /** A valid handler class: its scan, and the callbacks the rules found. */
  record Checked(ReflectiveHandlerScanner.Scanned scanned, HandlerRules.Result rules) {}

  /**
   * Checks {@code type}.
   *
   * @throws InvalidHandlerException with every problem, if the class breaks a rule
   */
  static Checked check(Class<?> type) {
    ReflectiveHandlerScanner.Scanned scanned = ReflectiveHandlerScanner.scan(type);
    HandlerRules.Result rules = HandlerRules.check(scanned.shape());
    if (!rules.isValid()) {
      throw new InvalidHandlerException(type, messages(scanned.shape(), rules.problems()));
    }
    // What the processor would have shown as compiler warnings.
    for (String warning : messages(scanned.shape(), rules.warnings())) {
      LOG.log(Level.WARNING, "{0}: {1}", type.getName(), warning);
    }
    return new Checked(scanned, rules);
  }

  /** The processor's messages, each with the method it concerns. */
  static List<String> messages(HandlerShape shape, List<Problem> problems) {
    List<String> messages = new ArrayList<>();
    for (Problem problem : problems) {
      if (problem.method() < 0) {
        messages.add(problem.message());
      } else {
        MethodShape method = shape.methods().get(problem.method());
        messages.add(
            problem.message() + " for method " + method.declaringClass() + "." + method.name());
      }
    }
    return messages;
  }
}
