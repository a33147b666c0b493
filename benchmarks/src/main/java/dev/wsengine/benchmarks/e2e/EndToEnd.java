package dev.wsengine.benchmarks.e2e;

import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.testing.LoopbackServer;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The end-to-end benchmark: the engine on each transport against the plain client of that transport
 * (Tyrus's, the JDK's {@code java.net.http.WebSocket}), in one JVM, against one server, contenders
 * interleaved (alternating order) over several rounds after a warm-up round; medians reported as
 * Markdown tables. See {@code docs/benchmarks.md}.
 *
 * <pre>
 * java -jar benchmarks.jar [--quick] [--rounds N] [--url ws://host:port/bench] [--only push,echo,scaling,tracing,reconnect,memory,json,requests,scale] [--transport jdk|tyrus|both] [--connections 1000,5000,10000]
 * </pre>
 *
 * <p>{@code scale} ({@link Scale}) runs only when named: it holds thousands of connections in child
 * JVMs against a server in another, and takes minutes.
 */
public final class EndToEnd {
  static final List<String> SCENARIOS =
      List.of("push", "echo", "scaling", "tracing", "reconnect", "memory", "json", "requests");

  /** The scale scenario: not among the defaults, run only when {@code --only} names it. */
  static final String SCALE = "scale";

  /** What {@code --only} takes. */
  static final List<String> ONLY_VALUES = concat(SCENARIOS, SCALE);

  /** The scale scenario's connections per client JVM unless {@code --connections} says. */
  static final List<Integer> CONNECTIONS = List.of(1_000, 5_000, 10_000);

  /** The most connections {@code --connections} takes. */
  static final int MAX_CONNECTIONS = 100_000;

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /**
   * Bytes per message under which the json scenario's allocations count as the same: half the
   * smallest object, so one more object per message is seen, while what the reader thread allocates
   * besides the messages (a wait node each time it parks, more often at one rate than another) is
   * not.
   */
  static final int ALLOCATION_TOLERANCE = 8;

  /** The json scenario runs this many times {@code --rounds} rounds. */
  static final int JSON_ROUNDS_FACTOR = 3;

  /** The engine's readers in the push scenario. */
  static final List<Integer> PUSH_READERS = List.of(1, 4);

  /** Simulated work per message in the reader-scaling scenario. */
  static final long WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How much each scenario does. */
  record Sizes(
      int payload,
      int push,
      int echo,
      int work,
      List<Integer> readers,
      int memoryBatches,
      int memoryBatch,
      int reconnects,
      int ticks,
      int requests,
      int sends) {
    static final Sizes FULL =
        new Sizes(
            64,
            200_000,
            20_000,
            2_000,
            List.of(1, 2, 4, 8),
            10,
            100_000,
            50,
            500_000,
            20_000,
            100_000);
    static final Sizes QUICK =
        new Sizes(
            64, 20_000, 2_000, 200, List.of(1, 2, 4, 8), 5, 20_000, 10, 20_000, 2_000, 10_000);

    /** For the smoke test: every path once, in seconds. */
    static final Sizes TINY =
        new Sizes(64, 2_000, 200, 20, List.of(1, 2), 2, 1_000, 3, 2_000, 100, 500);
  }

  /** What {@code --transport} takes. */
  static final String TRANSPORT_VALUES = "jdk, tyrus or both";

  static final String USAGE =
      "java -jar benchmarks.jar [--quick] [--rounds N] [--url ws://host:port/bench] [--only "
          + String.join(",", ONLY_VALUES)
          + "] [--transport jdk|tyrus|both] [--connections 1000,5000,10000]\n"
          + "java -jar benchmarks.jar jmh [--quick] [--only dispatch,typed] [JMH options]";

  /**
   * @param transports the transports to run the engine on, each beside its raw client (default
   *     both, in this order: Tyrus, JDK)
   * @param connections the scale scenario's connections per client JVM, in the order to run them
   */
  record Options(
      Sizes sizes,
      int rounds,
      URI url,
      Set<String> only,
      List<TransportKind> transports,
      List<Integer> connections) {
    static Options parse(String... args) {
      Sizes sizes = Sizes.FULL;
      boolean quick = false;
      int rounds = -1;
      URI url = null;
      Set<String> only = new LinkedHashSet<>(SCENARIOS);
      List<TransportKind> transports = List.of(TransportKind.values());
      List<Integer> connections = CONNECTIONS;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> {
            sizes = Sizes.QUICK;
            quick = true;
          }
          case "--rounds" -> rounds = rounds(value(args, ++i, "--rounds"));
          case "--url" -> url = url(value(args, ++i, "--url"));
          case "--only" -> {
            only = new LinkedHashSet<>(Arrays.asList(value(args, ++i, "--only").split(",", -1)));
            for (String name : only) {
              if (!ONLY_VALUES.contains(name)) {
                throw new IllegalArgumentException(
                    "--only takes " + String.join(",", ONLY_VALUES) + "; got " + name);
              }
            }
          }
          case "--transport" -> transports = transports(value(args, ++i, "--transport"));
          case "--connections" -> connections = connections(value(args, ++i, "--connections"));
          case "--help", "-h" -> {
            System.out.println(USAGE);
            System.exit(0);
          }
          default ->
              throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
        }
      }
      if (rounds < 0) {
        rounds = quick ? 2 : 5;
      }
      return new Options(sizes, rounds, url, only, transports, connections);
    }

    /** The in-process scenarios among {@link #only}: all but scale. */
    List<String> inProcess() {
      return only.stream().filter(SCENARIOS::contains).toList();
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int rounds(String value) {
      int rounds;
      try {
        rounds = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        rounds = 0;
      }
      if (rounds < 1) {
        throw new IllegalArgumentException(
            "--rounds takes a whole number from 1 to " + Integer.MAX_VALUE + "; got " + value);
      }
      return rounds;
    }

    private static URI url(String value) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        uri = null;
      }
      String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme();
      if (!(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "--url takes a ws:// or wss:// URL with a host, such as ws://host:8025/bench; got "
                + value);
      }
      return uri;
    }

    private static List<Integer> connections(String value) {
      List<Integer> counts = new ArrayList<>();
      for (String part : value.split(",", -1)) {
        int count;
        try {
          count = Integer.parseInt(part.strip());
        } catch (NumberFormatException e) {
          count = 0;
        }
        if (count < 1 || count > MAX_CONNECTIONS) {
          throw new IllegalArgumentException(
              "--connections takes whole numbers from 1 to "
                  + MAX_CONNECTIONS
                  + ", separated by commas, such as 1000,5000,10000; got "
                  + value);
        }
        counts.add(count);
      }
      return List.copyOf(counts);
    }

    private static List<TransportKind> transports(String value) {
      String name = value.toLowerCase(Locale.ROOT);
      if (name.equals("both")) {
        return List.of(TransportKind.values());
      }
      for (TransportKind transport : TransportKind.values()) {
        if (transport.option.equals(name)) {
          return List.of(transport);
        }
      }
      throw new IllegalArgumentException(
          "--transport takes " + TRANSPORT_VALUES + "; got " + value);
    }
  }

  /** Held so the level set on it stays (JUL keeps loggers weakly). */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("org.glassfish.grizzly");

  private final Options options;
  private final Sizes sizes;
  private final URI uri;
  private final boolean embedded;
  private final Report report;

  private EndToEnd(Options options, URI uri, boolean embedded, String server) {
    this.options = options;
    this.sizes = options.sizes();
    this.uri = uri;
    this.embedded = embedded;
    this.report = new Report(server);
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("benchmarks: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    // Grizzly announces every listener and transport it starts; only problems are of interest.
    QUIET.setLevel(java.util.logging.Level.WARNING);
    System.out.println(machine());
    System.out.println();
    if (!options.inProcess().isEmpty()) {
      for (Report report : run(options)) {
        System.out.println(report.markdown());
      }
    }
    if (options.only().contains(SCALE)) {
      log("scenario " + SCALE);
      System.out.println(
          Scale.run(options.connections(), options.transports(), ScaleSettings.FULL));
    }
    // Grizzly and Tyrus leave non-daemon threads behind in some paths; the table is out.
    System.exit(0);
  }

  /**
   * Runs the selected scenarios against the embedded server, then against {@code --url} if given.
   */
  static List<Report> run(Options options) throws Exception {
    List<Report> reports = new ArrayList<>();
    try (LoopbackServer server = BenchServer.start()) {
      URI uri = BenchServer.uri(server);
      reports.add(new EndToEnd(options, uri, true, "embedded Tyrus server, " + uri).runAll());
    }
    if (options.url() != null) {
      reports.add(new EndToEnd(options, options.url(), false, options.url().toString()).runAll());
    }
    return reports;
  }

  private static List<String> concat(List<String> list, String more) {
    List<String> all = new ArrayList<>(list);
    all.add(more);
    return List.copyOf(all);
  }

  static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, JVM %s %s (%s), max heap %d MiB, OS %s %s %s",
        runtime.availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        runtime.maxMemory() >> 20,
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  private Report runAll() throws Exception {
    report.note(
        String.format(
            Locale.ROOT,
            "%d rounds (json: %d) after a warm-up round, contenders alternating; medians. push %,d × %d B, echo %,d round trips, "
                + "scaling %,d messages × 1 ms parked, memory %d × %,d messages, reconnect %d closes, json %,d ticks, requests %,d round trips, sends %,d messages. Transports: %s.",
            options.rounds(),
            JSON_ROUNDS_FACTOR * options.rounds(),
            sizes.push(),
            sizes.payload(),
            sizes.echo(),
            sizes.work(),
            sizes.memoryBatches(),
            sizes.memoryBatch(),
            sizes.reconnects(),
            sizes.ticks(),
            sizes.requests(),
            sizes.sends(),
            String.join(", ", options.transports().stream().map(t -> t.label).toList())));
    for (String scenario : options.inProcess()) {
      log("scenario " + scenario);
      switch (scenario) {
        case "push" -> push();
        case "echo" -> echo();
        case "scaling" -> scaling();
        case "tracing" -> tracing();
        case "reconnect" -> reconnect();
        case "memory" -> memory();
        case "json" -> json();
        case "requests" -> requests();
        default -> throw new AssertionError(scenario);
      }
    }
    return report;
  }

  // ---------------------------------------------------------------------------------------------
  // Scenarios

  /**
   * Server push: each transport's raw client and the engine on it with 1 and 4 readers, all in the
   * same rounds.
   */
  private void push() throws Exception {
    Map<String, Callable<double[]>> runs = new LinkedHashMap<>();
    for (TransportKind transport : options.transports()) {
      Contender raw = transport.raw(false);
      runs.put(raw.name(), () -> new double[] {pushRate(raw, sizes.push())});
      for (int readers : PUSH_READERS) {
        Contender engine = EngineContender.plain(transport, readers);
        runs.put(engine.name(), () -> new double[] {pushRate(engine, sizes.push())});
      }
    }
    Map<String, double[]> medians = interleave(runs, new ArrayList<>(runs.keySet()));
    for (TransportKind transport : options.transports()) {
      double reference = medians.get(transport.raw(false).name())[0];
      double target = transport == TransportKind.TYRUS ? 0.9 : Report.SIDE_TARGET;
      for (int readers : PUSH_READERS) {
        double rate = medians.get(EngineContender.plain(transport, readers).name())[0];
        report.row(
            "server push "
                + transport.on()
                + ", readers="
                + readers
                + " (msg/s; ref: raw "
                + transport.label
                + ")",
            rate(rate),
            rate(reference),
            rate / reference,
            "≥ " + fmt2(target) + "×",
            rate / reference >= target);
        report.side(
            "server push, readers=" + readers + " (msg/s)",
            transport,
            new Report.Side(rate(reference), rate(rate), rate / reference),
            true);
      }
    }
  }

  private double pushRate(Contender contender, int count) throws Exception {
    Countdown done = new Countdown(count);
    try (Contender.Client client =
        contender.connect(
            uri,
            text -> {
              done.arrived();
              return null;
            })) {
      long start = System.nanoTime();
      client.send("push " + count + " " + sizes.payload());
      done.await(TIMEOUT, contender.name() + " push");
      return count * 1e9 / (System.nanoTime() - start);
    }
  }

  /** Sequential echo: each transport's raw client and the engine on it, in the same rounds. */
  private void echo() throws Exception {
    Map<String, Callable<double[]>> runs = new LinkedHashMap<>();
    for (TransportKind transport : options.transports()) {
      Contender raw = transport.raw(false);
      Contender engine = EngineContender.plain(transport, 1);
      runs.put(raw.name(), () -> echoRun(raw));
      runs.put(engine.name(), () -> echoRun(engine));
    }
    Map<String, double[]> medians = interleave(runs, new ArrayList<>(runs.keySet()));
    for (TransportKind transport : options.transports()) {
      double[] e = medians.get(EngineContender.plain(transport, 1).name());
      double[] r = medians.get(transport.raw(false).name());
      report.row(
          "sequential echo "
              + transport.on()
              + ", readers=1 (round trips/s; ref: raw "
              + transport.label
              + ")",
          rate(e[0]),
          rate(r[0]),
          e[0] / r[0],
          "≥ 0.95×",
          e[0] / r[0] >= 0.95);
      report.row(
          "echo latency p50 " + transport.on() + " (µs)",
          micros(e[1]),
          micros(r[1]),
          e[1] / r[1],
          "",
          null);
      report.row(
          "echo latency p99 " + transport.on() + " (µs)",
          micros(e[2]),
          micros(r[2]),
          e[2] / r[2],
          "",
          null);
      report.side(
          "sequential echo, readers=1 (round trips/s)",
          transport,
          new Report.Side(rate(r[0]), rate(e[0]), e[0] / r[0]),
          true);
      report.side(
          "echo latency p50 (µs)",
          transport,
          new Report.Side(micros(r[1]), micros(e[1]), r[1] / e[1]),
          false);
      report.side(
          "echo latency p99 (µs)",
          transport,
          new Report.Side(micros(r[2]), micros(e[2]), r[2] / e[2]),
          false);
    }
  }

  /** Sequential ping-pong driven by the callbacks: each reply sends the next message. */
  private double[] echoRun(Contender contender) throws Exception {
    int count = sizes.echo();
    String payload = "e".repeat(sizes.payload());
    long[] latencies = new long[count];
    CountDownLatch done = new CountDownLatch(1);
    PingPong pingPong = new PingPong(payload, latencies, done);
    try (Contender.Client client = contender.connect(uri, pingPong)) {
      long start = System.nanoTime();
      pingPong.first(client);
      if (!done.await(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException(contender.name() + " echo did not finish within " + TIMEOUT);
      }
      double rate = count * 1e9 / (System.nanoTime() - start);
      Arrays.sort(latencies);
      return new double[] {
        rate,
        latencies[count / 2],
        latencies[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)]
      };
    }
  }

  /**
   * Each reply records its latency and returns the next message. One message is in flight at a
   * time, so the callbacks run one after another; volatile publishes the fields from one callback's
   * thread to the next (readers and Grizzly workers are not pinned).
   */
  private static final class PingPong implements Behaviour {
    private final String payload;
    private final long[] latencies;
    private final CountDownLatch done;
    private volatile int received;
    private volatile long sentAt;

    PingPong(String payload, long[] latencies, CountDownLatch done) {
      this.payload = payload;
      this.latencies = latencies;
      this.done = done;
    }

    void first(Contender.Client client) throws IOException {
      sentAt = System.nanoTime();
      client.send(payload);
    }

    @Override
    public String onText(String text) {
      long now = System.nanoTime();
      int i = received;
      latencies[i] = now - sentAt;
      received = i + 1;
      if (i + 1 == latencies.length) {
        done.countDown();
        return null;
      }
      sentAt = System.nanoTime();
      return payload;
    }
  }

  private void scaling() throws Exception {
    for (TransportKind transport : options.transports()) {
      scaling(transport);
    }
  }

  private void scaling(TransportKind transport) throws Exception {
    Contender raw = transport.raw(false);
    Map<String, Callable<double[]>> runs = new LinkedHashMap<>();
    runs.put(raw.name(), () -> new double[] {workRate(raw)});
    for (int readers : sizes.readers()) {
      Contender engine = EngineContender.plain(transport, readers);
      runs.put(engine.name(), () -> new double[] {workRate(engine)});
    }
    Map<String, double[]> medians = interleave(runs, new ArrayList<>(runs.keySet()));
    double reference = medians.get(raw.name())[0];
    double single = medians.get(EngineContender.plain(transport, 1).name())[0];
    for (int readers : sizes.readers()) {
      double rate = medians.get(EngineContender.plain(transport, readers).name())[0];
      double speedup = rate / single;
      report.row(
          "reader scaling "
              + transport.on()
              + ", 1 ms parked work, readers="
              + readers
              + " (msg/s; ref: raw "
              + transport.label
              + ", one thread; ratio: ÷ readers=1)",
          rate(rate),
          rate(reference),
          speedup,
          readers == 1 ? "≥ 0.9× raw" : "≥ " + fmt(0.8 * readers) + "×",
          readers == 1 ? rate / reference >= 0.9 : speedup >= 0.8 * readers);
    }
  }

  /** Push with 1 ms of simulated I/O wait (parkNanos, not a busy spin) per message. */
  private double workRate(Contender contender) throws Exception {
    int count = sizes.work();
    Countdown done = new Countdown(count);
    try (Contender.Client client =
        contender.connect(
            uri,
            text -> {
              LockSupport.parkNanos(WORK_NANOS);
              done.arrived();
              return null;
            })) {
      long start = System.nanoTime();
      client.send("push " + count + " " + sizes.payload());
      done.await(TIMEOUT, contender.name() + " scaling");
      return count * 1e9 / (System.nanoTime() - start);
    }
  }

  private void tracing() throws Exception {
    for (TransportKind transport : options.transports()) {
      tracing(transport);
    }
  }

  private void tracing(TransportKind transport) throws Exception {
    Contender untraced = EngineContender.plain(transport, 1);
    Contender traced =
        new EngineContender(
            transport, "readers=1, SDK", 1, Telemetry::sdk, ReconnectPolicy.never());
    long spansBefore = Telemetry.SPANS_EXPORTED.get();
    Map<String, double[]> medians =
        interleave(
            Map.of(
                untraced.name(), () -> new double[] {pushRate(untraced, sizes.push())},
                traced.name(), () -> new double[] {pushRate(traced, sizes.push())}),
            List.of(untraced.name(), traced.name()));
    double with = medians.get(traced.name())[0];
    double without = medians.get(untraced.name())[0];
    report.row(
        "tracing "
            + transport.on()
            + ": server push with SDK (batch processor, discarding exporter) (msg/s; ref: no SDK)",
        rate(with),
        rate(without),
        with / without,
        "≥ 0.7×",
        with / without >= 0.7);
    report.note(
        String.format(
            Locale.ROOT,
            "tracing %s: the exporter received %,d spans (the batch processor drops what its queue cannot hold).",
            transport.on(),
            Telemetry.SPANS_EXPORTED.get() - spansBefore));
  }

  /**
   * Reconnect: for each transport, the engine, then the raw client re-dialling in its close
   * callback.
   */
  private void reconnect() throws Exception {
    for (TransportKind transport : options.transports()) {
      Contender engine =
          new EngineContender(
              transport,
              "",
              1,
              OpenTelemetry::noop,
              ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))
                  .withResetAfter(Duration.ZERO));
      Contender raw = transport.raw(true);
      long[] e = reconnectTimes(engine);
      long[] r = reconnectTimes(raw);
      double em = percentile(e, 0.5);
      double rm = percentile(r, 0.5);
      double e90 = percentile(e, 0.9);
      double r90 = percentile(r, 0.9);
      report.row(
          "reconnect "
              + transport.on()
              + ": server close → @OnOpen(restarting), median (ms; ref: raw "
              + transport.label
              + " re-dialling in its close callback)",
          millis(em),
          millis(rm),
          em / rm,
          "≤ 5 ms",
          em <= 5e6);
      report.row(
          "reconnect p90 " + transport.on() + " (ms)",
          millis(e90),
          millis(r90),
          e90 / r90,
          "",
          null);
      report.side(
          "reconnect, median (ms)",
          transport,
          new Report.Side(millis(rm), millis(em), rm / em),
          true);
      report.side(
          "reconnect p90 (ms)",
          transport,
          new Report.Side(millis(r90), millis(e90), r90 / e90),
          false);
    }
  }

  /**
   * Times from the server's close to the reopen, for {@code reconnects} closes after a few
   * unrecorded ones.
   */
  private long[] reconnectTimes(Contender contender) throws Exception {
    int warmup = Math.max(2, sizes.reconnects() / 10);
    long[] times = new long[sizes.reconnects()];
    long[] toClose = new long[sizes.reconnects()];
    AtomicReference<CountDownLatch> reopened = new AtomicReference<>();
    long[] reopenedAt = new long[2];
    Behaviour behaviour =
        new Behaviour() {
          @Override
          public String onText(String text) {
            return null;
          }

          @Override
          public void closed() {
            synchronized (reopenedAt) {
              reopenedAt[1] = System.nanoTime();
            }
          }

          @Override
          public void reopened() {
            synchronized (reopenedAt) {
              reopenedAt[0] = System.nanoTime();
            }
            reopened.get().countDown();
          }
        };
    try (Contender.Client client = contender.connect(uri, behaviour)) {
      for (int i = -warmup; i < times.length; i++) {
        CountDownLatch latch = new CountDownLatch(1);
        reopened.set(latch);
        long sent = System.nanoTime();
        client.send("close");
        if (!latch.await(30, TimeUnit.SECONDS)) {
          throw new TimeoutException(contender.name() + " did not reopen within 30 s");
        }
        long closedAt = embedded ? BenchEndpoint.closedAtNanos : sent;
        if (i >= 0) {
          synchronized (reopenedAt) {
            times[i] = reopenedAt[0] - closedAt;
            toClose[i] = reopenedAt[1] - closedAt;
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // let the new session settle
      }
    }
    Arrays.sort(times);
    Arrays.sort(toClose);
    report.note(
        String.format(
            Locale.ROOT,
            "reconnect, %s: server close → close callback %.2f ms, → reopened %.2f ms (medians).",
            contender.name(),
            percentile(toClose, 0.5) / 1e6,
            percentile(times, 0.5) / 1e6));
    return times;
  }

  private void memory() throws Exception {
    for (TransportKind transport : options.transports()) {
      memory(transport);
    }
  }

  private void memory(TransportKind transport) throws Exception {
    Contender raw = transport.raw(false);
    List<Contender> contenders =
        List.of(
            EngineContender.plain(transport, 1),
            new EngineContender(
                transport, "readers=1, SDK", 1, Telemetry::sdk, ReconnectPolicy.never()),
            raw);
    Map<String, long[]> samples = new LinkedHashMap<>();
    for (Contender contender : contenders) {
      samples.put(contender.name(), heapSamples(contender));
    }
    long[] reference = samples.get(raw.name());
    for (Contender contender : contenders.subList(0, 2)) {
      long[] s = samples.get(contender.name());
      long growth = s[s.length - 1] - s[0];
      double slope = slope(s);
      report.row(
          "retained heap over "
              + String.format(
                  Locale.ROOT, "%,d", (long) sizes.memoryBatch() * sizes.memoryBatches())
              + " messages, "
              + contender.name()
              + " (first → last MiB, slope KiB/"
              + String.format(Locale.ROOT, "%,d", sizes.memoryBatch())
              + "; ref: "
              + raw.name()
              + ")",
          heap(s) + ", " + fmt(slope / 1024) + " KiB",
          heap(reference) + ", " + fmt(slope(reference) / 1024) + " KiB",
          Double.NaN,
          "flat: growth ≤ 1 MiB",
          growth <= (1 << 20));
      log(
          contender.name()
              + " heap samples (KiB): "
              + Arrays.toString(Arrays.stream(s).map(b -> b >> 10).toArray()));
    }
    log(
        raw.name()
            + " heap samples (KiB): "
            + Arrays.toString(Arrays.stream(reference).map(b -> b >> 10).toArray()));
  }

  /** Retained heap after each batch of messages on one connection. */
  private long[] heapSamples(Contender contender) throws Exception {
    AtomicReference<Countdown> batch = new AtomicReference<>();
    long[] samples = new long[sizes.memoryBatches()];
    try (Contender.Client client =
        contender.connect(
            uri,
            text -> {
              batch.get().arrived();
              return null;
            })) {
      for (int i = 0; i < samples.length; i++) {
        Countdown done = new Countdown(sizes.memoryBatch());
        batch.set(done);
        client.send("push " + sizes.memoryBatch() + " " + sizes.payload());
        done.await(TIMEOUT, contender.name() + " memory");
        samples[i] = retainedHeap();
      }
    }
    return samples;
  }

  /** Used heap after full collections: what is still reachable. */
  static long retainedHeap() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /**
   * Issue 14: JSON ticks through {@code @OnMessage void tick(Tick)} with the Jackson codec against
   * the same handler taking the {@code String} and calling Jackson by hand; both the engine with
   * one reader, in the same run, alternating, for {@value #JSON_ROUNDS_FACTOR} times the rounds of
   * the other scenarios: its runs are short, and the two contenders are within a few percent of
   * each other, which one round's scheduling on a small machine can swing by more.
   */
  private void json() throws Exception {
    for (TransportKind transport : options.transports()) {
      json(transport);
    }
  }

  private void json(TransportKind transport) throws Exception {
    String typedName = TickRun.Kind.TYPED.label + ", " + transport.on();
    String byHandName = TickRun.Kind.BY_HAND.label + ", " + transport.on();
    Map<String, double[]> medians =
        interleave(
            Map.of(
                typedName,
                () -> TickRun.run(TickRun.Kind.TYPED, transport, uri, sizes.ticks(), TIMEOUT),
                byHandName,
                () -> TickRun.run(TickRun.Kind.BY_HAND, transport, uri, sizes.ticks(), TIMEOUT)),
            List.of(typedName, byHandName),
            JSON_ROUNDS_FACTOR * options.rounds());
    double[] typed = medians.get(typedName);
    double[] byHand = medians.get(byHandName);
    report.row(
        "JSON ticks "
            + transport.on()
            + ", readers=1: typed @OnMessage(Tick) with JsonDecoder (msg/s; ref: the same"
            + " handler taking String, ObjectMapper.readValue by hand)",
        rate(typed[0]),
        rate(byHand[0]),
        typed[0] / byHand[0],
        "≥ 0.95×",
        typed[0] / byHand[0] >= 0.95);
    report.row(
        "JSON ticks "
            + transport.on()
            + ": allocated per message on the reader thread (bytes; ref: by hand)",
        fmt(typed[1]),
        fmt(byHand[1]),
        typed[1] / byHand[1],
        "≤ by hand (± 8 B)",
        typed[1] <= byHand[1] + ALLOCATION_TOLERANCE);
    report.row(
        "JSON ticks "
            + transport.on()
            + ": CPU per message on the reader thread (ns; ref: by hand)",
        fmt(typed[2]),
        fmt(byHand[2]),
        typed[2] / byHand[2],
        "",
        null);
  }

  /**
   * Issue 17: sequential requests through {@code request()} and a {@link dev.wsengine.Correlation}
   * against a hand-written future map over {@code sendText} + {@code @OnMessage}, and {@code
   * sendTextAsync} against blocking {@code sendText}; the four runs of a transport alternating in
   * the same rounds ({@link RequestRun}).
   */
  private void requests() throws Exception {
    for (TransportKind transport : options.transports()) {
      requests(transport);
    }
  }

  private void requests(TransportKind transport) throws Exception {
    Map<String, Callable<double[]>> runs = new LinkedHashMap<>();
    for (RequestRun.Kind kind : RequestRun.Kind.values()) {
      int count =
          kind == RequestRun.Kind.REQUEST || kind == RequestRun.Kind.BY_HAND
              ? sizes.requests()
              : sizes.sends();
      runs.put(
          kind.label + ", " + transport.on(),
          () -> RequestRun.run(kind, transport, uri, count, sizes.payload()));
    }
    Map<String, double[]> medians = interleave(runs, new ArrayList<>(runs.keySet()));
    double[] request = medians.get(RequestRun.Kind.REQUEST.label + ", " + transport.on());
    double[] byHand = medians.get(RequestRun.Kind.BY_HAND.label + ", " + transport.on());
    double[] byHandAsync = medians.get(RequestRun.Kind.BY_HAND_ASYNC.label + ", " + transport.on());
    double[] async = medians.get(RequestRun.Kind.ASYNC.label + ", " + transport.on());
    double[] blocking = medians.get(RequestRun.Kind.BLOCKING.label + ", " + transport.on());
    report.row(
        "requests "
            + transport.on()
            + ", readers=1: sequential request() with Correlation.of (round trips/s; ref: the same"
            + " engine, hand-written future map over sendText + @OnMessage)",
        rate(request[0]),
        rate(byHand[0]),
        request[0] / byHand[0],
        "≥ 0.95×",
        request[0] / byHand[0] >= 0.95);
    report.row(
        "request latency p50 " + transport.on() + " (µs; ref: by hand)",
        micros(request[1]),
        micros(byHand[1]),
        request[1] / byHand[1],
        "",
        null);
    report.row(
        "request latency p99 " + transport.on() + " (µs; ref: by hand)",
        micros(request[2]),
        micros(byHand[2]),
        request[2] / byHand[2],
        "≤ 1.1×",
        request[2] / byHand[2] <= 1.1);
    report.row(
        "requests by hand over sendTextAsync "
            + transport.on()
            + " (round trips/s; ref: by hand over sendText; what the asynchronous write costs)",
        rate(byHandAsync[0]),
        rate(byHand[0]),
        byHandAsync[0] / byHand[0],
        "",
        null);
    report.row(
        "sends "
            + transport.on()
            + ": sendTextAsync × "
            + String.format(Locale.ROOT, "%,d", sizes.sends())
            + ", then all futures (msg/s; ref: blocking sendText × "
            + String.format(Locale.ROOT, "%,d", sizes.sends())
            + ")",
        rate(async[0]),
        rate(blocking[0]),
        async[0] / blocking[0],
        "",
        null);
  }

  // ---------------------------------------------------------------------------------------------
  // Rounds

  /**
   * Runs each contender once per round, after one warm-up round that is not recorded, reversing the
   * order every other round so that none always runs first (or last); medians per metric.
   */
  private Map<String, double[]> interleave(Map<String, Callable<double[]>> runs, List<String> order)
      throws Exception {
    return interleave(runs, order, options.rounds());
  }

  private Map<String, double[]> interleave(
      Map<String, Callable<double[]>> runs, List<String> order, int rounds) throws Exception {
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      List<String> thisRound = new ArrayList<>(order);
      if (round % 2 == 1) {
        java.util.Collections.reverse(thisRound);
      }
      for (String name : thisRound) {
        double[] result = runs.get(name).call();
        log(
            (round == 0 ? "warm-up " : "round " + round + " ")
                + name
                + " "
                + Arrays.toString(result));
        if (round > 0) {
          results.computeIfAbsent(name, n -> new ArrayList<>()).add(result);
        }
      }
    }
    Map<String, double[]> medians = new LinkedHashMap<>();
    results.forEach(
        (name, list) -> {
          double[] median = new double[list.get(0).length];
          for (int m = 0; m < median.length; m++) {
            int metric = m;
            median[m] = median(list.stream().mapToDouble(r -> r[metric]).toArray());
          }
          medians.put(name, median);
        });
    return medians;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
  }

  /** Least-squares slope of the samples, per sample. */
  static double slope(long[] samples) {
    int n = samples.length;
    if (n < 2) {
      return 0;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = Arrays.stream(samples).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (samples[i] - meanY);
      den += (i - meanX) * (i - meanX);
    }
    return num / den;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String micros(double nanos) {
    return String.format(Locale.ROOT, "%,.1f", nanos / 1e3);
  }

  private static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static String heap(long[] samples) {
    return String.format(
        Locale.ROOT,
        "%.1f → %.1f",
        samples[0] / 1048576.0,
        samples[samples.length - 1] / 1048576.0);
  }

  private static String fmt2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static void log(String line) {
    System.err.println("[bench] " + line);
  }
}
