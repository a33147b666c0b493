package dev.wsengine.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A handler class breaks the handler rules (docs/handlers.md). Thrown when an engine is built for a
 * handler whose class the annotation processor did not check, with every problem at once, in the
 * words the processor uses, each followed by the method it concerns:
 *
 * <pre>
 * com.acme.EchoClient is not a valid wsengine handler (2 problems):
 *   &#64;OnOpen methods must not be private; 'opened(Connection)' is private for method EchoClient.opened
 *   &#64;OnMessage methods must not be static; 'text(String)' is static for method EchoClient.text
 * </pre>
 */
public final class InvalidHandlerException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final Class<?> handlerClass;

  // List.copyOf's lists are serializable; javac 21+ only sees the interface and warns.
  @SuppressWarnings("serial")
  private final List<String> problems;

  /**
   * A handler class and what is wrong with it.
   *
   * @param problems one complete message per problem, in the order of the class's methods
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public InvalidHandlerException(Class<?> handlerClass, List<String> problems) {
    super(message(Objects.requireNonNull(handlerClass, "handlerClass"), List.copyOf(problems)));
    this.handlerClass = handlerClass;
    this.problems = List.copyOf(problems);
  }

  private static String message(Class<?> handlerClass, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid handler has at least one problem");
    }
    StringBuilder message =
        new StringBuilder(handlerClass.getName())
            .append(" is not a valid wsengine handler (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (String problem : problems) {
      message.append("\n  ").append(problem);
    }
    return message.toString();
  }

  /**
   * The class that breaks the rules: the handler's class, or the superclass whose callbacks a
   * handler subclass without callbacks of its own inherits.
   */
  public Class<?> handlerClass() {
    return handlerClass;
  }

  /** Every problem, each a complete message; never empty. */
  public List<String> problems() {
    return problems;
  }
}
