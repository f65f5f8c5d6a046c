package org.millrace.benchmarks.race;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.kafka.testkit.TestBroker;

/**
 * The race: Flume 1.11.0 and Millrace, each started fresh in its own process on this machine with the same Flume
 * configuration file (avro source → memory, file or kafka channel → null, kafka or hdfs sink; Kafka is a KRaft
 * broker in this JVM, a topic of three partitions per run), driven by the same load generator, one
 * after the other, for every combination of channel, batch size and number of senders, repeated. Prints a table
 * of events/s, call latency p50/p99 and resident memory, appends it to a results file, and exits non-zero if an
 * agent lost an acknowledged event.
 *
 * <p>Run (full): {@code java -cp benchmarks/target/benchmarks.jar org.millrace.benchmarks.race.AgentRace}, from
 * the repository's root after {@code mvn install -DskipTests}; {@code benchmarks/RESULTS.md} lists the options.
 * {@code --short} is the smoke check {@code mvn verify} runs (AgentRaceIT).
 */
public final class AgentRace {

    private AgentRace() {
    }

    /** The options. */
    record Options(boolean quick, List<String> channels, List<Integer> batches, List<Integer> senders,
            String generator, int repeat, double warmup, double seconds, long maxEvents, Path flumeLib,
            Path flumePom, Path millrace, Path work, Path results, String heap, List<String> agents,
            String millraceOpts, String sink, String profile, List<String> flumeOpts, Map<String, String> flumeEnv) {

        static Options parse(String[] args) {
            Map<String, String> o = arguments(args);
            boolean quick = o.containsKey("short");
            return new Options(quick,
                    List.of(o.getOrDefault("channels", "memory,file").split(",")),
                    ints(o.getOrDefault("batches", quick ? "100" : "100,1000")),
                    ints(o.getOrDefault("senders", quick ? "1" : "1,4")),
                    o.getOrDefault("generator", "flume"),
                    Integer.parseInt(o.getOrDefault("repeat", quick ? "1" : "3")),
                    Double.parseDouble(o.getOrDefault("warmup", "5")),
                    Double.parseDouble(o.getOrDefault("seconds", "20")),
                    Long.parseLong(o.getOrDefault("events", quick ? "20000" : "0")),
                    Path.of(o.getOrDefault("flume-lib", "benchmarks/target/flume-lib")),
                    Path.of(o.getOrDefault("flume-pom", "benchmarks/flume/pom.xml")),
                    Path.of(o.getOrDefault("millrace", "karaf-features/assembly/target/assembly")),
                    Path.of(o.getOrDefault("work", "benchmarks/target/race")),
                    o.containsKey("results") ? Path.of(o.get("results"))
                            : quick ? null : Path.of("benchmarks/RESULTS.md"),
                    o.getOrDefault("heap", "1024m"),
                    List.of(o.getOrDefault("agents", "flume,millrace").split(",")),
                    o.get("millrace-opts"),
                    o.getOrDefault("sink", "null"),
                    o.getOrDefault("profile", "collector"),
                    o.containsKey("flume-profile") ? JvmProfile.named(o.get("flume-profile")).options
                            : List.of(o.getOrDefault("flume-opts", "-Xms64m -Xmx" + o.getOrDefault("heap", "1024m"))
                                    .trim().split("\\s+")),
                    o.containsKey("flume-profile") ? JvmProfile.named(o.get("flume-profile")).environment
                            : Map.of());
        }

        private static List<Integer> ints(String csv) {
            return Arrays.stream(csv.split(",")).map(Integer::parseInt).toList();
        }
    }

    /** One run's outcome. */
    record Run(double eventsPerSecond, double p50, double p99, long rssKb, long peakKb, long acked, long drained,
            double cpuMicrosPerEvent) {

        /** Whether the agent's channel let out fewer events than it acknowledged. */
        boolean lostEvents() {
            return drained < acked;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Map<String, List<Run>> runs = run(options);
        String table = table(options, runs);
        System.out.println();
        System.out.println(table);
        if (options.results() != null) {
            Files.writeString(options.results(), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (runs.values().stream().flatMap(List::stream).anyMatch(Run::lostEvents)) {
            System.err.println("An agent lost acknowledged events.");
            System.exit(1);
        }
    }

    /** Runs every combination of the options against each agent; returns the runs by table row. */
    static Map<String, List<Run>> run(Options options) throws Exception {
        if (options.agents().contains("flume")) {
            FlumeAgent.resolve(options.flumeLib(), options.flumePom());
        }
        LoadGenerator generator = options.generator().equals("lean") ? new LeanGenerator() : new FlumeSdkGenerator();
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        int n = 0;
        deleteTree(options.work()); // agents and their file channels start empty in every run
        for (String channel : options.channels()) {
            for (int batch : options.batches()) {
                for (int senders : options.senders()) {
                    for (int r = 0; r < options.repeat(); r++) {
                        for (String agentName : options.agents()) {
                            AgentProcess agent = agentName.equals("flume")
                                    ? new FlumeAgent(options.flumeLib(), options.flumeOpts(), options.flumeEnv())
                                    : new MillraceAgent(options.millrace(), options.profile(),
                                            options.profile().equals("collector") ? options.heap() : null,
                                            options.millraceOpts());
                            String key = channel + " | " + batch + " | " + senders + " | " + agent.name();
                            Run run = race(agent, options, generator, channel, batch, senders, options.work()
                                    .resolve("run" + (++n)));
                            runs.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
                            System.out.printf("%-40s %,12.0f events/s  p50 %7.2f ms  p99 %7.2f ms  RSS %,6d MB"
                                    + "  (peak %,d MB)  CPU %s us/event  acked %,d drained %,d%s%n", key,
                                    run.eventsPerSecond(), run.p50(), run.p99(), run.rssKb() / 1024,
                                    run.peakKb() / 1024, micros(run.cpuMicrosPerEvent()), run.acked(), run.drained(),
                                    run.lostEvents() ? "  LOST EVENTS" : "");
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** {@code --name value} pairs by name, and {@code --short} as "short" = "true". */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--short")) {
                o.put("short", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return o;
    }

    static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var all = Files.walk(root)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The Flume configuration both agents run. The sink: {@code null}, or the hdfs sink writing local files
     * ({@code file://}, through Hadoop's local file system) as {@code hdfs-data} (DataStream, text) or
     * {@code hdfs-seq-gzip} (SequenceFile, block-compressed with gzip), a file per 128 MiB.
     */
    static String config(String channel, Path work, int batch, String sink, int port, String topic) {
        String channelSettings = channel.equals("kafka") ? """
                a1.channels.c1.type = org.apache.flume.channel.kafka.KafkaChannel
                a1.channels.c1.kafka.bootstrap.servers = SERVERS
                a1.channels.c1.kafka.topic = TOPIC
                a1.channels.c1.kafka.consumer.group.id = race
                """.replace("SERVERS", TestBroker.bootstrapServers()).replace("TOPIC", topic)
                : channel.equals("file") ? """
                a1.channels.c1.type = file
                a1.channels.c1.checkpointDir = WORK/checkpoint
                a1.channels.c1.dataDirs = WORK/data
                a1.channels.c1.capacity = 1000000
                a1.channels.c1.transactionCapacity = 10000
                """.replace("WORK", work.toAbsolutePath().toString()) : """
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 100000
                a1.channels.c1.transactionCapacity = 10000
                """;
        return """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = avro
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.port = PORT
                a1.sources.r1.channels = c1
                a1.sinks.k1.channel = c1
                """.replace("PORT", String.valueOf(port)) + sinkSettings(sink, work, batch, topic) + channelSettings;
    }

    private static String sinkSettings(String sink, Path work, int batch, String topic) {
        String settings = switch (sink) {
            case "null" -> """
                    a1.sinks.k1.type = null
                    a1.sinks.k1.batchSize = BATCH
                    """;
            case "hdfs-data", "hdfs-seq-gzip" -> """
                    a1.sinks.k1.type = hdfs
                    a1.sinks.k1.hdfs.path = file://WORK/hdfs
                    a1.sinks.k1.hdfs.batchSize = BATCH
                    a1.sinks.k1.hdfs.rollInterval = 0
                    a1.sinks.k1.hdfs.rollCount = 0
                    a1.sinks.k1.hdfs.rollSize = 134217728
                    """ + (sink.equals("hdfs-data") ? "a1.sinks.k1.hdfs.fileType = DataStream\n"
                    : "a1.sinks.k1.hdfs.fileType = SequenceFile\na1.sinks.k1.hdfs.codeC = gzip\n");
            case "kafka" -> """
                    a1.sinks.k1.type = org.apache.flume.sink.kafka.KafkaSink
                    a1.sinks.k1.kafka.bootstrap.servers = SERVERS
                    a1.sinks.k1.kafka.topic = TOPIC
                    a1.sinks.k1.flumeBatchSize = BATCH
                    """.replace("SERVERS", TestBroker.bootstrapServers()).replace("TOPIC", topic);
            default -> throw new IllegalArgumentException("sink " + sink + ": null, kafka, hdfs-data or hdfs-seq-gzip");
        };
        return settings.replace("WORK", work.toAbsolutePath().toString()).replace("BATCH", String.valueOf(batch));
    }

    private static Run race(AgentProcess agent, Options options, LoadGenerator generator, String channel,
            int batch, int senders, Path work) throws Exception {
        // the previous run's dirty pages must not be flushed on this run's time
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        try (agent) {
            int port = AgentProcess.freePort();
            // a topic of its own for each run: the broker (in this JVM) is shared by the runs
            String topic = channel.equals("kafka") || options.sink().equals("kafka")
                    ? TestBroker.newTopic("race", 3) : null;
            agent.start(config(channel, work, batch, options.sink(), port, topic), work);
            agent.awaitPort(port, 120_000);
            MeasuredWindow window = new MeasuredWindow(agent, options.warmup(), options.seconds());
            if (options.maxEvents() == 0) {
                window.start();
            }
            LoadGenerator.Result result = generator.run("127.0.0.1", port, senders, batch, 500, options.warmup(),
                    options.seconds(), options.maxEvents());
            window.join();
            long[] end = agent.rssKb();
            long acked = result.totalEvents();
            long drained = agent.awaitDrained(acked);
            return new Run(result.eventsPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
                    window.rssKb() > 0 ? window.rssKb() : end[0], end[1], acked, drained,
                    window.cpuMicrosPerEvent(result.eventsPerSecond(), options.seconds()));
        }
    }


    private static String table(Options options, Map<String, List<Run>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("\n### Race ").append(LocalDate.now()).append(options.quick() ? " (short mode)" : "")
                .append(": avro source → channel → ").append(options.sink()).append(" sink, 500-byte bodies, generator: ")
                .append(options.generator().equals("lean") ? "lean wire-compatible client" : "Flume 1.11 SDK RpcClient")
                .append("\n\n")
                .append(options.maxEvents() > 0 ? options.maxEvents() + " events per run"
                        : options.warmup() + " s warm-up, " + options.seconds() + " s measured per run")
                .append(", ").append(options.repeat()).append(" run(s) each. Flume: ")
                .append(String.join(" ", options.flumeOpts()))
                .append(options.flumeEnv().isEmpty() ? "" : " " + options.flumeEnv())
                .append("; Millrace: profile ").append(options.profile())
                .append(options.profile().equals("collector") ? ", -Xmx" + options.heap() : "")
                .append(options.millraceOpts() != null ? ", EXTRA_JAVA_OPTS=" + options.millraceOpts() : "")
                .append(".\n\n")
                .append("| channel | batch | senders | agent | events/s min | median | max | p50 ms | p99 ms | RSS MB"
                        + " (under load) | agent CPU µs/event | lost |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        runs.forEach((key, list) -> {
            double[] rates = list.stream().mapToDouble(Run::eventsPerSecond).sorted().toArray();
            double[] p50 = list.stream().mapToDouble(Run::p50).sorted().toArray();
            double[] p99 = list.stream().mapToDouble(Run::p99).sorted().toArray();
            long[] rss = list.stream().mapToLong(Run::rssKb).sorted().toArray();
            double[] cpu = list.stream().mapToDouble(Run::cpuMicrosPerEvent).sorted().toArray();
            long lost = list.stream().mapToLong(r -> Math.max(0, r.acked() - r.drained())).sum();
            out.append("| ").append(key).append(String.format(" | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %,d | %s | %d |%n",
                    rates[0], rates[rates.length / 2], rates[rates.length - 1], p50[p50.length / 2],
                    p99[p99.length / 2], rss[rss.length / 2] / 1024, micros(cpu[cpu.length / 2]), lost));
        });
        return out.toString();
    }


    /** CPU per event, or "n/a" where it is not measured (a run of a fixed number of events has no window). */
    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : String.format("%.2f", value);
    }
}
