package dev.wsengine.example.echo;

import dev.wsengine.Connection;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Prints what happens as one readable line per event: the time, the event, the session (the first 8
 * characters of its id, as on the spans) and a detail.
 *
 * <pre>
 * 12:00:01.234  echo     session 3f2a9c1e  "hello #3"
 * </pre>
 *
 * <p>Threads: any; each event is one {@code println}, so lines from several threads never mix.
 */
final class EventLog {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final int SESSION_CHARS = 8;

  private final PrintStream out;
  private final Clock clock;

  EventLog(PrintStream out, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An event of a session; {@code connection} may be null for one that concerns none. */
  void event(String event, Connection connection, String detail) {
    String session =
        connection == null
            ? ""
            : "session " + connection.sessionId().toString().substring(0, SESSION_CHARS) + "  ";
    out.println(
        TIME.format(LocalTime.now(clock))
            + "  "
            + String.format("%-8s ", event)
            + session
            + detail);
  }

  /** An event that concerns no session. */
  void event(String event, String detail) {
    event(event, null, detail);
  }
}
