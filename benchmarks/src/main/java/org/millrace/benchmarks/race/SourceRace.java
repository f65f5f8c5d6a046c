package org.millrace.benchmarks.race;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.millrace.kafka.testkit.TestBroker;

/**
 * The source race: Flume 1.11.0 and Millrace, each started fresh in its own process with the same Flume file, for
 * the sources log pipelines start with, each into a memory channel drained by a null sink:
 * <ul>
 * <li>{@code taildir}: a set of files of 200-byte lines (1 GiB by default) appears in the tailed directory at once;
 * lines/s until the last is committed, and the agent's CPU meanwhile;</li>
 * <li>{@code syslog}: syslogtcp fed RFC 3164 lines by sender threads as fast as it reads them;</li>
 * <li>{@code http}: the http source (JSONHandler) fed batches of JSON events, each acknowledged by a 200;</li>
 * <li>{@code kafka} (not run unless named): the Kafka source reading a topic filled beforehand, from its start.</li>
 * </ul>
 * Prints a table (events/s, agent CPU per event, RSS) and appends it to a results file.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.millrace.benchmarks.race.SourceRace}, from the
 * repository's root after {@code mvn install -DskipTests}; options in {@code benchmarks/RESULTS.md}.
 */
public final class SourceRace {
    private static final int PORT = 45011;
    private static final int LINE_BYTES = 200;
    private static final Pattern POSITION = Pattern.compile("\"pos\":(\\d+)");

    private SourceRace() {
    }

    record Options(List<String> workloads, List<String> agents, int senders, int batch, int repeat, double warmup,
            double seconds, int taildirMegabytes, int taildirWarmupMegabytes, long kafkaEvents, long kafkaWarmupEvents,
            Path flumeLib, Path flumePom, Path millrace, Path work, Path results, String heap, String millraceOpts) {

        static Options parse(String[] args) {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                o.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(List.of(o.getOrDefault("workloads", "taildir,syslog,http").split(",")),
                    List.of(o.getOrDefault("agents", "flume,millrace").split(",")),
                    Integer.parseInt(o.getOrDefault("senders", "4")),
                    Integer.parseInt(o.getOrDefault("batch", "100")),
                    Integer.parseInt(o.getOrDefault("repeat", "3")),
                    Double.parseDouble(o.getOrDefault("warmup", "15")),
                    Double.parseDouble(o.getOrDefault("seconds", "20")),
                    Integer.parseInt(o.getOrDefault("taildir-mb", "1024")),
                    Integer.parseInt(o.getOrDefault("taildir-warmup-mb", "512")),
                    Long.parseLong(o.getOrDefault("kafka-events", "2000000")),
                    Long.parseLong(o.getOrDefault("kafka-warmup-events", "500000")),
                    Path.of(o.getOrDefault("flume-lib", "benchmarks/target/flume-lib")),
                    Path.of(o.getOrDefault("flume-pom", "benchmarks/flume/pom.xml")),
                    Path.of(o.getOrDefault("millrace", "karaf-features/assembly/target/assembly")),
                    Path.of(o.getOrDefault("work", "benchmarks/target/source-race")),
                    o.containsKey("results") ? Path.of(o.get("results")) : Path.of("benchmarks/RESULTS.md"),
                    o.getOrDefault("heap", "1024m"),
                    o.get("millrace-opts"));
        }
    }

    /** One run: events per second, agent CPU per event, resident memory. */
    record Run(double eventsPerSecond, double cpuMicrosPerEvent, long rssKb, long events) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.agents().contains("flume")) {
            FlumeAgent.resolve(options.flumeLib(), options.flumePom());
        }
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Path data = options.work().resolve("taildir-data");
        boolean tails = options.workloads().contains("taildir");
        long warmupLines = tails ? generate(data, "warmup-", options.taildirWarmupMegabytes()) : 0;
        long lines = tails ? generate(data, "app-", options.taildirMegabytes()) : 0;
        String kafkaTopic = options.workloads().contains("kafka") ? fill(options.kafkaEvents()) : null;
        int n = 0;
        for (String workload : options.workloads()) {
            for (int r = 0; r < options.repeat(); r++) {
                for (String name : options.agents()) {
                    AgentProcess agent = name.equals("flume") ? new FlumeAgent(options.flumeLib(), options.heap())
                            : new MillraceAgent(options.millrace(), "collector", options.heap(), options.millraceOpts());
                    Path work = options.work().resolve("run" + (++n));
                    deleteTree(work);
                    Files.createDirectories(work);
                    new ProcessBuilder("sync").inheritIO().start().waitFor();
                    Run run = switch (workload) {
                        case "taildir" -> taildir(agent, options, work, data, warmupLines, lines);
                        case "kafka" -> kafka(agent, options, work, kafkaTopic, "race-" + n);
                        default -> network(agent, options, work, workload);
                    };
                    String key = workload + " | " + agent.name();
                    runs.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
                    System.out.printf("%-28s %,12.0f events/s  CPU %.2f us/event  RSS %,d MB  (%,d events)%n", key,
                            run.eventsPerSecond(), run.cpuMicrosPerEvent(), run.rssKb() / 1024, run.events());
                }
            }
        }
        String table = table(options, runs);
        System.out.println(table);
        Files.writeString(options.results(), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The Flume file both agents run for a workload. */
    static String config(String workload, Path work, int batch) {
        String source = switch (workload) {
            case "taildir" -> """
                    a1.sources.r1.type = TAILDIR
                    a1.sources.r1.filegroups = f1
                    a1.sources.r1.filegroups.f1 = LOGS/.*log
                    a1.sources.r1.positionFile = WORK/taildir_position.json
                    a1.sources.r1.batchSize = BATCH
                    """;
            case "syslog" -> """
                    a1.sources.r1.type = syslogtcp
                    a1.sources.r1.host = 127.0.0.1
                    a1.sources.r1.port = PORT
                    """;
            case "http" -> """
                    a1.sources.r1.type = http
                    a1.sources.r1.bind = 127.0.0.1
                    a1.sources.r1.port = PORT
                    """;
            case "kafka" -> """
                    a1.sources.r1.type = org.apache.flume.source.kafka.KafkaSource
                    a1.sources.r1.kafka.bootstrap.servers = SERVERS
                    a1.sources.r1.kafka.topics = TOPIC
                    a1.sources.r1.kafka.consumer.group.id = GROUP
                    a1.sources.r1.kafka.consumer.auto.offset.reset = earliest
                    a1.sources.r1.batchSize = 1000
                    """;
            default -> throw new IllegalArgumentException("workload " + workload);
        };
        return ("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.channels = c1
                a1.channels.c1.type = memory
                a1.channels.c1.capacity = 100000
                a1.channels.c1.transactionCapacity = 10000
                a1.sinks.k1.type = null
                a1.sinks.k1.batchSize = 1000
                a1.sinks.k1.channel = c1
                """ + source).replace("LOGS", work.resolve("logs").toAbsolutePath().toString())
                .replace("WORK", work.toAbsolutePath().toString()).replace("BATCH", String.valueOf(batch))
                .replace("PORT", String.valueOf(PORT));
    }

    /** Files of 200-byte lines, 128 MiB each, named by a prefix and made once; returns the number of lines. */
    private static long generate(Path data, String prefix, int megabytes) throws IOException {
        int files = Math.max(1, megabytes / 128);
        long linesPerFile = (long) megabytes * 1024 * 1024 / files / LINE_BYTES;
        Files.createDirectories(data);
        Random random = new Random(prefix.hashCode());
        for (int f = 0; f < files; f++) {
            Path file = data.resolve(prefix + f + ".log");
            if (Files.exists(file) && Files.size(file) == linesPerFile * LINE_BYTES) {
                continue;
            }
            try (var out = Files.newOutputStream(file)) {
                byte[] line = new byte[LINE_BYTES];
                for (long i = 0; i < linesPerFile; i++) {
                    for (int c = 0; c < LINE_BYTES - 1; c++) {
                        line[c] = (byte) ('a' + random.nextInt(26));
                    }
                    line[LINE_BYTES - 1] = '\n';
                    out.write(line);
                }
            }
        }
        return files * linesPerFile;
    }

    /**
     * The taildir run: the agent started on an empty directory; the warm-up files linked in at once and read to
     * their last line, then the measured files, timed to their last line.
     */
    private static Run taildir(AgentProcess agent, Options options, Path work, Path data, long warmupLines,
            long lines) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        try (agent) {
            agent.start(config("taildir", work, options.batch()), work);
            awaitReady(agent, work);
            link(data, "warmup-", logs);
            awaitTailed(agent, work, warmupLines, 0);
            long cpu0 = agent.cpuNanos();
            long t0 = System.nanoTime();
            link(data, "app-", logs);
            long rss = awaitTailed(agent, work, warmupLines + lines, t0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = agent.cpuNanos() - cpu0;
            return new Run(lines / seconds, cpu / 1000.0 / lines, rss > 0 ? rss : agent.rssKb()[0], lines);
        }
    }

    private static void link(Path data, String prefix, Path logs) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.createLink(logs.resolve(f.getFileName()), f);
            }
        }
    }

    /** Waits until the agent has taken this many lines; returns its RSS 2 s after t0 (if t0 is not 0). */
    private static long awaitTailed(AgentProcess agent, Path work, long lines, long t0) throws Exception {
        long bytes = lines * LINE_BYTES;
        long start = System.nanoTime();
        long rss = 0;
        while (!done(agent, work, lines, bytes)) {
            Thread.sleep(agent instanceof FlumeAgent ? 200 : 50);
            if (t0 != 0 && rss == 0 && System.nanoTime() - t0 > 2_000_000_000L) {
                rss = agent.rssKb()[0];
            }
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new IllegalStateException(agent.name() + " did not finish the files in 10 minutes");
            }
        }
        return rss;
    }

    /** Whether the agent is up and tailing: Millrace wrote its position file; Flume serves its metrics. */
    private static void awaitReady(AgentProcess agent, Path work) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (agent instanceof MillraceAgent ? Files.exists(work.resolve("taildir_position.json"))
                    : flumeUp(agent)) {
                Thread.sleep(1000); // a second more for the agent to settle
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(agent.name() + " did not start");
    }

    private static boolean flumeUp(AgentProcess agent) {
        try {
            agent.drained();
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * Whether every line is taken: Millrace's position file, written after each committed batch, reaches the end of
     * every file (its null sink drains the memory channel at once); Flume's sink counters say so.
     */
    private static boolean done(AgentProcess agent, Path work, long lines, long bytes) throws Exception {
        if (agent instanceof FlumeAgent) {
            return agent.drained() >= lines;
        }
        String json;
        try {
            json = Files.readString(work.resolve("taildir_position.json"), StandardCharsets.UTF_8);
        } catch (IOException beingReplaced) {
            return false;
        }
        long committed = 0;
        Matcher m = POSITION.matcher(json);
        while (m.find()) {
            committed += Long.parseLong(m.group(1));
        }
        return committed >= bytes;
    }

    /** Writes this many 500-byte events to a new topic of three partitions (in the broker in this JVM). */
    private static String fill(long events) {
        String topic = TestBroker.newTopic("source-race", 3);
        System.out.printf("Writing %,d events to %s%n", events, topic);
        Random random = new Random(42);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestBroker.bootstrapServers(), "linger.ms", "20", "batch.size", "262144"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                byte[] body = new byte[500];
                for (int c = 0; c < body.length; c++) {
                    body[c] = (byte) ('a' + random.nextInt(26));
                }
                producer.send(new ProducerRecord<>(topic, body));
            }
            producer.flush();
        }
        return topic;
    }

    /**
     * A kafka run: the agent's source, in a consumer group of its own, reads the filled topic from its start; timed
     * from the moment its group committed the warm-up events to the moment it committed them all (a commit follows
     * the channel's, so that is what the channel took), and the agent's CPU meanwhile.
     */
    private static Run kafka(AgentProcess agent, Options options, Path work, String topic, String group)
            throws Exception {
        try (agent) {
            agent.start(config("kafka", work, options.batch()).replace("SERVERS", TestBroker.bootstrapServers())
                    .replace("TOPIC", topic).replace("GROUP", group), work);
            long start = System.nanoTime();
            while (TestBroker.committed(group, topic) < options.kafkaWarmupEvents()) {
                Thread.sleep(20);
                if (System.nanoTime() - start > 300_000_000_000L) {
                    throw new IllegalStateException(agent.name() + " did not read the warm-up events in 5 minutes");
                }
            }
            long cpu0 = agent.cpuNanos();
            long t0 = System.nanoTime();
            long from = TestBroker.committed(group, topic);
            long rss = 0;
            long committed = from;
            while (committed < options.kafkaEvents()) {
                Thread.sleep(20);
                committed = TestBroker.committed(group, topic);
                if (rss == 0 && System.nanoTime() - t0 > 2_000_000_000L) {
                    rss = agent.rssKb()[0];
                }
                if (System.nanoTime() - t0 > 600_000_000_000L) {
                    throw new IllegalStateException(agent.name() + " did not read the topic in 10 minutes");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cpu = agent.cpuNanos() - cpu0;
            long events = committed - from;
            return new Run(events / seconds, cpu / 1000.0 / events, rss > 0 ? rss : agent.rssKb()[0], events);
        }
    }

    /** A syslog or http run: sender threads for the warm-up and the measured seconds. */
    private static Run network(AgentProcess agent, Options options, Path work, String workload) throws Exception {
        SenderThreads generator = workload.equals("http") ? new HttpGenerator() : new SyslogGenerator();
        try (agent) {
            agent.start(config(workload, work, options.batch()), work);
            agent.awaitPort(PORT, 120_000);
            MeasuredWindow window = new MeasuredWindow(agent, options.warmup(), options.seconds());
            window.start();
            LoadGenerator.Result result = generator.run("127.0.0.1", PORT, options.senders(), options.batch(), 500,
                    options.warmup(), options.seconds(), 0);
            window.join();
            long drained = agent.awaitDrained(result.totalEvents());
            if (drained < result.totalEvents() && workload.equals("http")) {
                throw new IllegalStateException(agent.name() + " lost acknowledged events: " + drained + " of "
                        + result.totalEvents());
            }
            return new Run(result.eventsPerSecond(), window.cpuMicrosPerEvent(result.eventsPerSecond(),
                    options.seconds()), window.rssKb(), result.totalEvents());
        }
    }


    private static String table(Options options, Map<String, List<Run>> runs) {
        StringBuilder out = new StringBuilder();
        out.append("\n### Source race ").append(LocalDate.now()).append(": source → memory channel → null sink\n\n")
                .append("taildir: ").append(options.taildirMegabytes()).append(" MiB of 200-byte lines measured after ")
                .append(options.taildirWarmupMegabytes()).append(" MiB read to warm up, batchSize ")
                .append(options.batch()).append("; syslog and http: ").append(options.senders())
                .append(" senders, batches of ").append(options.batch()).append(" 500-byte events, ")
                .append(options.workloads().contains("kafka") ? "kafka: " + options.kafkaEvents()
                        + " 500-byte events in a topic of 3 partitions (a KRaft broker in the harness's JVM), timed after "
                        + options.kafkaWarmupEvents() + ", batchSize 1000; " : "")
                .append(options.warmup()).append(" s warm-up, ").append(options.seconds()).append(" s measured; ")
                .append(options.repeat()).append(" run(s) each, heap -Xmx").append(options.heap())
                .append(" for both agents.\n\n")
                .append("| workload | agent | events/s min | median | max | agent CPU µs/event (median) | RSS MB |\n")
                .append("|---|---|---|---|---|---|---|\n");
        runs.forEach((key, list) -> {
            double[] rates = list.stream().mapToDouble(Run::eventsPerSecond).sorted().toArray();
            double[] cpu = list.stream().mapToDouble(Run::cpuMicrosPerEvent).sorted().toArray();
            long[] rss = list.stream().mapToLong(Run::rssKb).sorted().toArray();
            out.append(String.format("| %s | %,.0f | %,.0f | %,.0f | %.2f | %,d |%n", key, rates[0],
                    rates[rates.length / 2], rates[rates.length - 1], cpu[cpu.length / 2], rss[rss.length / 2] / 1024));
        });
        return out.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var all = Files.walk(root)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
