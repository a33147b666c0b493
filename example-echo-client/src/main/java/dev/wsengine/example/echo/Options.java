package dev.wsengine.example.echo;

import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of the echo client: what {@link #parse} accepts, and the usage text.
 *
 * <p>Options take their value as the next argument or after {@code =} ({@code --count 3} or {@code
 * --count=3}); the last occurrence of an option wins. Every error names the option, the value and
 * what is accepted.
 */
final class Options {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_INTERVAL = Duration.ofHours(1);
  static final int DEFAULT_READERS = 2;
  static final String DEFAULT_SERVE_HOST = "127.0.0.1";

  /** What {@code --transport} accepts: the transports' {@code Transport.name()}s. */
  static final List<String> TRANSPORTS = List.of("jdk", "tyrus");

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar echo-client.jar [--url ws://host:port/path] [--count N] [--interval D] [--readers N]",
          "                                [--transport jdk|tyrus]",
          "       java -jar echo-client.jar --serve [host:]port",
          "",
          "Without --url, starts an echo server on 127.0.0.1 (a free port) and talks to it.",
          "Sends a message, waits for its echo, waits --interval, sends the next; Ctrl-C stops.",
          "",
          "  --url URL        the echo server to talk to: a ws:// or wss:// URL",
          "  --count N        stop after N echoes (exit status 0); N from 1 to "
              + Integer.MAX_VALUE
              + "; default: until Ctrl-C",
          "  --interval D     pause between an echo and the next message: 500ms, 2s, 1m, or ISO-8601",
          "                   (PT0.5S); from 0ms to 1h; default 1s",
          "  --readers N      the engine's reader threads, 1 to "
              + WebSocketEngine.MAX_READERS
              + "; default "
              + DEFAULT_READERS,
          "  --transport T    the engine's transport: jdk (the JDK's java.net.http client) or tyrus;",
          "                   default: the engine's own choice, tyrus with both on the class path",
          "                   (or the one -D"
              + WebSocketEngine.TRANSPORT_PROPERTY
              + "=jdk|tyrus names)",
          "  --serve [H:]P    run only the echo server, on host H (default "
              + DEFAULT_SERVE_HOST
              + ") and port P",
          "                   (0 to 65535; 0 picks a free port), until Ctrl-C; path /echo",
          "  --help           show this text",
          "",
          "Tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set (such as http://localhost:4318), spans go",
          "there by OTLP over http/protobuf; other OTEL_* variables apply (OTEL_EXPORTER_OTLP_PROTOCOL=grpc",
          "for port 4317; the service name is wsengine-echo-client unless OTEL_SERVICE_NAME is set).",
          "Without it nothing is exported. Either way, the trace of one received message is printed",
          "at exit.",
          "",
          "Exit status: 0 when done (--count reached, or Ctrl-C), 1 when the connection failed or",
          "reconnecting gave up, 2 for a bad command line.");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final Pattern HOST_PORT =
      Pattern.compile("(?:(\\[[^\\]]*\\]|[^:\\[\\]]*):)?([^:]*)");

  final Optional<URI> url;
  final long count;
  final Duration interval;
  final int readers;

  /** {@code jdk} or {@code tyrus}; empty to let the engine choose. */
  final Optional<String> transport;

  final Optional<HostPort> serve;
  final boolean help;

  /** A host and port to listen on. */
  record HostPort(String host, int port) {}

  /**
   * A command line that cannot be run: the message says which option and value, and what is
   * accepted.
   */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private Options(
      Optional<URI> url,
      long count,
      Duration interval,
      int readers,
      Optional<String> transport,
      Optional<HostPort> serve,
      boolean help) {
    this.url = url;
    this.count = count;
    this.interval = interval;
    this.readers = readers;
    this.transport = transport;
    this.serve = serve;
    this.help = help;
  }

  /** Whether the client stops by itself after {@link #count} echoes. */
  boolean counted() {
    return count != Long.MAX_VALUE;
  }

  /**
   * Parses the arguments.
   *
   * @throws UsageException naming the option and the value if an argument is unknown, lacks its
   *     value or has a bad one, or if {@code --serve} is combined with a client option
   */
  static Options parse(String... args) throws UsageException {
    Optional<URI> url = Optional.empty();
    long count = Long.MAX_VALUE;
    Duration interval = DEFAULT_INTERVAL;
    int readers = DEFAULT_READERS;
    Optional<String> transport = Optional.empty();
    Optional<HostPort> serve = Optional.empty();
    String clientOption = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Options(url, count, interval, readers, transport, serve, true);
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'; options start with --");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (!isOption(name)) {
        throw new UsageException("unknown option '" + name + "'");
      } else if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new UsageException("option " + name + " needs a value: " + accepted(name));
      }
      switch (name) {
        case "--url" -> url = Optional.of(url(value));
        case "--count" -> count = number(name, value, 1, Integer.MAX_VALUE);
        case "--interval" -> interval = interval(value);
        case "--readers" -> readers = (int) number(name, value, 1, WebSocketEngine.MAX_READERS);
        case "--transport" -> transport = Optional.of(transport(value));
        case "--serve" -> serve = Optional.of(hostPort(value));
        default -> throw new AssertionError(name);
      }
      if (!name.equals("--serve")) {
        clientOption = name;
      }
    }
    if (serve.isPresent() && clientOption != null) {
      throw new UsageException(
          "option --serve runs only the echo server; it cannot be combined with " + clientOption);
    }
    return new Options(url, count, interval, readers, transport, serve, false);
  }

  private static boolean isOption(String name) {
    return switch (name) {
      case "--url", "--count", "--interval", "--readers", "--transport", "--serve" -> true;
      default -> false;
    };
  }

  private static String accepted(String name) {
    return switch (name) {
      case "--url" -> "a ws:// or wss:// URL";
      case "--count" -> "a whole number from 1 to " + Integer.MAX_VALUE;
      case "--interval" -> "a duration such as 500ms, 2s, 1m or PT0.5S, from 0ms to 1h";
      case "--readers" -> "a whole number from 1 to " + WebSocketEngine.MAX_READERS;
      case "--transport" -> String.join(" or ", TRANSPORTS);
      case "--serve" -> "[host:]port, with port from 0 to 65535";
      default -> throw new AssertionError(name);
    };
  }

  private static UsageException bad(String name, String value) {
    return new UsageException(
        "option " + name + " got '" + value + "'; expected " + accepted(name));
  }

  private static long number(String name, String value, long min, long max) throws UsageException {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw bad(name, value);
    }
    if (parsed < min || parsed > max) {
      throw bad(name, value);
    }
    return parsed;
  }

  private static String transport(String value) throws UsageException {
    String name = value.toLowerCase(Locale.ROOT);
    if (!TRANSPORTS.contains(name)) {
      throw bad("--transport", value);
    }
    return name;
  }

  private static URI url(String value) throws UsageException {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw bad("--url", value);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new UsageException(
          "option --url got '"
              + value
              + "', "
              + (scheme.isEmpty() ? "which has no scheme" : "whose scheme is " + scheme)
              + "; expected "
              + accepted("--url"));
    }
    if (uri.getHost() == null) {
      throw new UsageException(
          "option --url got '" + value + "', which names no host; expected " + accepted("--url"));
    }
    return uri;
  }

  private static Duration interval(String value) throws UsageException {
    Duration parsed;
    Matcher shortForm = SHORT_DURATION.matcher(value);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      parsed =
          switch (shortForm.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
    } else {
      try {
        parsed = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw bad("--interval", value);
      }
    }
    if (parsed.isNegative() || parsed.compareTo(MAX_INTERVAL) > 0) {
      throw bad("--interval", value);
    }
    return parsed;
  }

  private static HostPort hostPort(String value) throws UsageException {
    Matcher matcher = HOST_PORT.matcher(value);
    if (!matcher.matches()) {
      throw bad("--serve", value);
    }
    String host = matcher.group(1);
    if (host == null || host.isEmpty()) {
      host = DEFAULT_SERVE_HOST;
    } else if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, (int) number("--serve", matcher.group(2), 0, 65535));
    } catch (UsageException badPort) {
      throw bad("--serve", value);
    }
  }
}
