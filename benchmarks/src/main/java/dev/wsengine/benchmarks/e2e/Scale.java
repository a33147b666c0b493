package dev.wsengine.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale scenario ({@code --only scale}): N idle connections held in one client JVM against a
 * server in another, for each N of {@code --connections} and each contender ({@link
 * ScaleContender}), each contender and N in a fresh child JVM ({@link ScaleChild}) so that one's
 * heap, threads and RSS do not pollute the next one's. The server ({@link BenchServer}: Tyrus's
 * server on Grizzly) is a child too, started once per run. The result is one Markdown table.
 *
 * <p>A contender that fails at some N (an exception, the thread ceiling, a deadline) is not run at
 * the larger ones: it would fail the same way, at the same count, only later.
 *
 * <p>Threads: one run at a time, from one thread.
 */
final class Scale {
  /** How long the server may take to say where it listens. */
  private static final Duration SERVER_START = Duration.ofSeconds(60);

  private static final Pattern SERVER_URI = Pattern.compile("ws://\\S+/bench");

  /** The children alive, killed if the parent exits first. */
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> CHILDREN.forEach(Process::destroyForcibly), "scale-children-reaper"));
  }

  /** One contender at one N: the child's result fields, or why there are none. */
  record Row(ScaleContender contender, int n, Map<String, String> result, String missing) {
    boolean failed() {
      return missing != null || result.containsKey("error");
    }

    long value(String key) {
      return Long.parseLong(result.get(key));
    }
  }

  private final List<Integer> connections;
  private final List<ScaleContender> contenders;
  private final ScaleSettings settings;
  private final List<Row> rows = new ArrayList<>();
  private final Map<ScaleContender, String> how = new LinkedHashMap<>();
  private final Path javaCommand = Path.of(System.getProperty("java.home"), "bin", "java");
  private final String classPath = System.getProperty("java.class.path");
  private Path logs;
  private URI uri;

  private Scale(List<Integer> connections, List<TransportKind> transports, ScaleSettings settings) {
    this.connections = List.copyOf(connections);
    this.contenders = ScaleContender.on(transports);
    this.settings = settings;
  }

  /** Runs every contender at every N and returns the Markdown table. */
  static String run(
      List<Integer> connections, List<TransportKind> transports, ScaleSettings settings)
      throws IOException, InterruptedException {
    return new Scale(connections, transports, settings).runAll();
  }

  private String runAll() throws IOException, InterruptedException {
    logs = Files.createTempDirectory("wsengine-scale-");
    log("children's standard error in " + logs);
    Process server = startServer();
    try {
      Map<ScaleContender, Integer> failedAt = new HashMap<>();
      for (int n : connections) {
        for (ScaleContender contender : contenders) {
          Integer failed = failedAt.get(contender);
          if (failed != null) {
            rows.add(
                new Row(
                    contender,
                    n,
                    Map.of(),
                    String.format(Locale.ROOT, "not run: failed at N = %,d", failed)));
            continue;
          }
          Row row = runChild(contender, n);
          rows.add(row);
          if (row.failed()) {
            failedAt.put(contender, n);
          }
        }
      }
    } finally {
      stop(server);
    }
    return markdown();
  }

  // ---------------------------------------------------------------------------------------------
  // Children

  private Process startServer() throws IOException, InterruptedException {
    Path err = logs.resolve("server.err");
    Process server =
        start(
            List.of(
                javaCommand.toString(),
                "-Xmx" + settings.serverHeap(),
                "-cp",
                classPath,
                BenchServer.class.getName(),
                "127.0.0.1",
                "0"),
            err);
    AtomicReference<String> found = new AtomicReference<>();
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  Matcher m = SERVER_URI.matcher(line);
                  if (m.find() && found.compareAndSet(null, m.group())) {
                    listening.countDown();
                  }
                }
              } catch (IOException e) {
                // The server ended: its absence shows below or in the children.
              }
            },
            "scale-server-out");
    reader.setDaemon(true);
    reader.start();
    if (!listening.await(SERVER_START.toSeconds(), TimeUnit.SECONDS)) {
      stop(server);
      throw new IOException(
          "the scale server did not say where it listens within "
              + SERVER_START
              + "; its standard error: "
              + tail(err));
    }
    uri = URI.create(found.get());
    log("server (-Xmx" + settings.serverHeap() + ") on " + uri);
    return server;
  }

  private Row runChild(ScaleContender contender, int n) throws IOException, InterruptedException {
    log(String.format(Locale.ROOT, "scale %s, N = %,d", contender.label, n));
    List<String> command = new ArrayList<>();
    command.add(javaCommand.toString());
    command.add("-Xmx" + settings.childHeap());
    command.add("-cp");
    command.add(classPath);
    command.add(ScaleChild.class.getName());
    command.add(contender.option());
    command.add(Integer.toString(n));
    command.add(uri.toString());
    command.addAll(settings.childArgs());
    Path err = logs.resolve(contender.option() + "-" + n + ".err");
    Process child = start(command, err);
    AtomicReference<String> result = new AtomicReference<>();
    AtomicReference<String> progress = new AtomicReference<>("");
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith(ScaleChild.RESULT + "\t")) {
                    result.compareAndSet(null, line);
                  } else if (line.startsWith(ScaleChild.PROGRESS)) {
                    progress.set(line.substring(ScaleChild.PROGRESS.length()).trim());
                  }
                }
              } catch (IOException e) {
                // The child was killed: what it said last is in progress.
              }
            },
            "scale-child-out");
    reader.setDaemon(true);
    reader.start();
    Duration deadline = settings.childDeadline();
    boolean exited = child.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    CHILDREN.remove(child);
    reader.join(TimeUnit.SECONDS.toMillis(10));
    Row row;
    if (result.get() != null) {
      row = new Row(contender, n, parse(result.get()), null);
      how.putIfAbsent(contender, row.result().getOrDefault("how", ""));
    } else {
      row =
          new Row(
              contender,
              n,
              Map.of(),
              (exited
                      ? "exited with status " + child.exitValue() + " and no result"
                      : "killed after its deadline of " + deadline)
                  + "; last progress: "
                  + progress.get()
                  + "; standard error ends: "
                  + tail(err));
    }
    log("  → " + (row.missing() != null ? row.missing() : row.result().toString()));
    return row;
  }

  private static Process start(List<String> command, Path err) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    CHILDREN.add(process);
    process.getOutputStream().close();
    return process;
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    CHILDREN.remove(process);
  }

  static Map<String, String> parse(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    String[] parts = line.split("\t", -1);
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
      }
    }
    return fields;
  }

  /** The last few hundred characters of a file, on one line. */
  private static String tail(Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, 400);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Table

  List<Row> rows() {
    return rows;
  }

  private String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Scale: N idle connections held in one client JVM (-Xmx%s; a fresh JVM per contender and N)"
                + " against %s (Tyrus's server on Grizzly) in another JVM (-Xmx%s). Keepalive: a ping"
                + " per connection every %s s (engines: pong due within %s s; raw clients: one"
                + " scheduler thread sending the pings, pongs not checked); CPU measured over an idle"
                + " window of %s s. At most %d connections opening or closing at once: raw JDK with"
                + " buildAsync and %d in flight, the others from %d caller threads (connectToServer and"
                + " the engine's start() and stop() block); the JVM's peak threads include them."
                + " A child stops opening once its JVM has more than %,d threads (threads are PIDs,"
                + " shared with the whole machine). A contender that failed at some N is not run at"
                + " larger N. Heap: used after full GCs with all held, minus before the first,"
                + " ÷ N; RSS: VmRSS likewise.%n%n",
            settings.childHeap(),
            uri,
            settings.serverHeap(),
            seconds(settings.keepalive()),
            seconds(settings.pongTimeout()),
            seconds(settings.idle()),
            settings.callers(),
            settings.callers(),
            settings.callers(),
            settings.maxThreads()));
    out.append(
        "| contender | N | held | connect all (s) | JVM threads held (peak) | OS threads held |"
            + " heap / conn (KiB) | RSS / conn (KiB) | idle CPU (µs / conn / s) | stop all (s) |"
            + " notes |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row row : rows) {
      out.append(markdown(row)).append('\n');
    }
    out.append('\n');
    how.forEach(
        (contender, description) ->
            out.append("- ").append(contender.label).append(": ").append(description).append('\n'));
    return out.toString();
  }

  private static String markdown(Row row) {
    String n = String.format(Locale.ROOT, "%,d", row.n());
    if (row.missing() != null) {
      return "| "
          + row.contender().label
          + " | "
          + n
          + " | — | — | — | — | — | — | — | — | "
          + cell(row.missing())
          + " |";
    }
    Map<String, String> r = row.result();
    long open = row.value("open");
    List<String> notes = new ArrayList<>();
    String held;
    String heap = "—";
    String rss = "—";
    String cpu = "—";
    if (r.containsKey("error")) {
      held = String.format(Locale.ROOT, "**failed at %,d**", open);
      notes.add(r.get("error"));
      if (r.containsKey("dropped") && row.value("dropped") > 0) {
        notes.add(String.format(Locale.ROOT, "%,d had dropped by then", row.value("dropped")));
      }
      if (r.containsKey("machineThreads")) {
        notes.add(
            String.format(
                Locale.ROOT, "%,d threads on the machine then", row.value("machineThreads")));
      }
    } else {
      held = String.format(Locale.ROOT, "%,d", open);
      heap = fmt((row.value("heapHeld") - row.value("heap0")) / 1024.0 / open);
      rss = fmt((row.value("rssHeld") - row.value("rss0")) / 1024.0 / open);
      cpu = fmt(row.value("cpuNs") / 1e3 / open / (row.value("idleNs") / 1e9));
      long dropped = row.value("dropped");
      if (dropped > 0) {
        notes.add(String.format(Locale.ROOT, "%,d dropped while idle", dropped));
      }
    }
    String stop = r.containsKey("stopMs") ? fmt(row.value("stopMs") / 1e3) : "—";
    if (r.containsKey("stopError")) {
      notes.add(
          String.format(
              Locale.ROOT,
              "stop: %,d closed; %s",
              Long.parseLong(r.getOrDefault("closed", "0")),
              r.get("stopError")));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s |",
        row.contender().label,
        n,
        held,
        fmt(row.value("connectMs") / 1e3),
        r.getOrDefault("threadsHeld", "—"),
        r.getOrDefault("threadsPeak", "—"),
        r.getOrDefault("osThreadsHeld", "—"),
        heap,
        rss,
        cpu,
        stop,
        cell(String.join("; ", notes)));
  }

  /** A table cell: no pipe or line break, at most a few hundred characters. */
  private static String cell(String text) {
    String one = text.replace("|", "\\|").replaceAll("\\s+", " ");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static void log(String line) {
    System.err.println("[bench] " + line);
  }
}
