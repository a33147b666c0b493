package dev.wsengine.tyrus.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged, at every level, through java.util.logging (which the System.Logger of the
 * engine and the transport reach too), plus System.out and System.err, while it is open.
 */
public final class LogCapture implements AutoCloseable {
  private static final List<String> LOGGERS =
      List.of("", "org.glassfish", "dev.wsengine", "jakarta");

  private final List<String> lines = new ArrayList<>();
  private final Map<Logger, Level> levels = new LinkedHashMap<>();
  private final List<Logger> held = new ArrayList<>();
  private final Handler handler;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private LogCapture() {
    SimpleFormatter formatter = new SimpleFormatter();
    handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            StringBuilder line =
                new StringBuilder()
                    .append(record.getLevel())
                    .append(' ')
                    .append(record.getLoggerName())
                    .append(": ")
                    .append(formatter.formatMessage(record));
            if (record.getThrown() != null) {
              StringWriter trace = new StringWriter();
              record.getThrown().printStackTrace(new PrintWriter(trace));
              line.append('\n').append(trace);
            }
            synchronized (lines) {
              lines.add(line.toString());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
  }

  /** Starts capturing, with every logger at ALL. */
  public static LogCapture everything() {
    LogCapture capture = new LogCapture();
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      capture.held.add(logger);
      capture.levels.put(logger, logger.getLevel());
      logger.setLevel(Level.ALL);
    }
    Logger.getLogger("").addHandler(capture.handler);
    PrintStream tee = new PrintStream(capture.printed, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    return capture;
  }

  /** All captured text: log records (message, parameters, stack traces) and printed output. */
  public String text() {
    synchronized (lines) {
      return String.join("\n", lines) + "\n" + printed.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    Logger.getLogger("").removeHandler(handler);
    levels.forEach(Logger::setLevel);
  }
}
