package org.millrace.benchmarks.race;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up and idle footprint, Flume 1.11.0 beside Millrace: each agent runs Flume's quick-start file (netcat on a
 * free port → memory channel → logger sink) and is timed from its launch (the {@code java} command for Flume,
 * {@code bin/start} for Millrace) until its port accepts a connection:
 * <ul>
 * <li><b>fresh</b>: a new working directory; for Millrace a new copy of the distribution, so an empty
 * {@code data/} (the first start after unpacking, or a new container);</li>
 * <li><b>warm</b>: started again after a clean stop;</li>
 * <li><b>crash</b>: started again right after {@code kill -9} (of an agent that had been stopped cleanly before, as
 * one in service has), what the senders of a crashed collector wait for.</li>
 * </ul>
 * Resident memory (VmRSS) is read {@code --idle} seconds after the port answered, in the fresh and warm runs.
 * Every agent configuration runs {@code --runs} times per mode; the table gives medians and ranges.
 *
 * <p>Agent configurations ({@code --agents}): {@code flume} is Flume as {@code bin/flume-ng} starts it ({@code
 * -Xmx20m}, the JVM's default collector); {@code flume-edge} and {@code flume-collector} are Flume with the JVM
 * settings of Millrace's profiles; {@code millrace-edge} and {@code millrace-collector} are the distribution with
 * {@code MILLRACE_PROFILE} set. Both agents publish their metrics over HTTP (Flume's {@code
 * flume.monitoring.type=http}, Millrace's monitoring feature as shipped).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.millrace.benchmarks.race.StartupRace}, from the
 * repository's root after {@code mvn install -DskipTests}; {@code --short} is the smoke check {@code mvn verify}
 * runs (StartupRaceIT).
 */
public final class StartupRace {
    private StartupRace() {
    }

    /** The options. */
    record Options(boolean quick, int runs, double idleSeconds, List<String> agents, List<String> modes,
            Path flumeLib, Path flumePom, Path millrace, Path work, Path results) {

        static Options parse(String[] args) {
            Map<String, String> o = AgentRace.arguments(args);
            boolean quick = o.containsKey("short");
            return new Options(quick,
                    Integer.parseInt(o.getOrDefault("runs", quick ? "1" : "5")),
                    Double.parseDouble(o.getOrDefault("idle", quick ? "2" : "10")),
                    List.of(o.getOrDefault("agents", quick ? "flume,millrace-edge"
                            : "flume,flume-edge,flume-collector,millrace-edge,millrace-collector").split(",")),
                    List.of(o.getOrDefault("modes", "fresh,warm,crash").split(",")),
                    Path.of(o.getOrDefault("flume-lib", "benchmarks/target/flume-lib")),
                    Path.of(o.getOrDefault("flume-pom", "benchmarks/flume/pom.xml")),
                    Path.of(o.getOrDefault("millrace", "karaf-features/assembly/target/assembly")),
                    Path.of(o.getOrDefault("work", "benchmarks/target/startup-race")),
                    o.containsKey("results") ? Path.of(o.get("results"))
                            : quick ? null : Path.of("benchmarks/RESULTS.md"));
        }
    }

    /** One start: milliseconds from launch to the port answering, and resident memory once idle (0: not read). */
    record Sample(long millis, long rssKb) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Map<String, List<Sample>> samples = run(options);
        String table = table(options, samples);
        System.out.println(table);
        if (options.results() != null) {
            Files.writeString(options.results(), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Runs every agent configuration in every mode; the samples by "agent | mode". */
    static Map<String, List<Sample>> run(Options options) throws Exception {
        if (options.agents().stream().anyMatch(a -> a.startsWith("flume"))) {
            FlumeAgent.resolve(options.flumeLib(), options.flumePom());
        }
        AgentRace.deleteTree(options.work());
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        int n = 0;
        for (String name : options.agents()) {
            int port = AgentProcess.freePort();
            String flow = quickStart(options.millrace(), port);
            for (String mode : options.modes()) {
                String row = name + " | " + mode;
                List<Sample> list = samples.computeIfAbsent(row, k -> new ArrayList<>());
                if (mode.equals("fresh")) {
                    for (int r = 0; r < options.runs(); r++) {
                        try (AgentProcess agent = agent(name, options)) {
                            agent.start(flow, options.work().resolve("run" + (++n)));
                            add(list, row, idle(agent, agent.awaitPort(port, 120_000), options));
                        }
                    }
                    continue;
                }
                try (AgentProcess agent = agent(name, options)) {
                    agent.start(flow, options.work().resolve("run" + (++n)));
                    agent.awaitPort(port, 120_000); // its first start: data/ is written
                    if (mode.equals("crash")) { // an agent that ran and stopped before, as one in service has
                        agent.stop();
                        agent.restart();
                        agent.awaitPort(port, 120_000);
                    }
                    for (int r = 0; r < options.runs(); r++) {
                        if (mode.equals("warm")) {
                            agent.stop();
                            agent.restart();
                            add(list, row, idle(agent, agent.awaitPort(port, 120_000), options));
                        } else {
                            Thread.sleep(Math.max(1_000, (long) (options.idleSeconds() * 1000 / 2)));
                            agent.kill();
                            agent.restart();
                            add(list, row, new Sample(agent.awaitPort(port, 120_000), 0));
                        }
                    }
                }
            }
        }
        return samples;
    }

    private static Sample idle(AgentProcess agent, long millis, Options options) throws Exception {
        Thread.sleep((long) (options.idleSeconds() * 1000));
        return new Sample(millis, agent.rssKb()[0]);
    }

    private static void add(List<Sample> list, String row, Sample sample) {
        System.out.printf("%-32s port after %,6d ms%s%n", row, sample.millis(),
                sample.rssKb() > 0 ? String.format(", RSS %d MB", sample.rssKb() / 1024) : "");
        list.add(sample);
    }

    private static AgentProcess agent(String name, Options options) {
        return switch (name) {
            case "flume" -> new FlumeAgent(options.flumeLib(), List.of("-Xmx20m"), Map.of());
            case "flume-edge", "flume-collector" -> {
                JvmProfile profile = JvmProfile.named(name.substring("flume-".length()));
                yield new FlumeAgent(options.flumeLib(), profile.options, profile.environment);
            }
            case "millrace-edge", "millrace-collector" ->
                new MillraceAgent(options.millrace(), name.substring("millrace-".length()), null, null);
            default -> throw new IllegalArgumentException("agent " + name + ": flume, flume-edge, flume-collector, "
                    + "millrace-edge or millrace-collector");
        };
    }

    /**
     * Flume's quick start (netcat → memory → logger) as the Millrace distribution ships it, on this port: both
     * agents run the same file.
     */
    private static String quickStart(Path distribution, int port) throws java.io.IOException {
        String shipped = Files.readString(distribution.resolve("etc/org.millrace.agent-a1.cfg"));
        if (!shipped.contains("a1.sources.r1.port = 44444\n")) {
            throw new IllegalStateException("the distribution's quick start no longer listens on 44444: " + shipped);
        }
        return shipped.replace("a1.sources.r1.port = 44444\n", "a1.sources.r1.port = " + port + "\n");
    }

    private static String table(Options options, Map<String, List<Sample>> samples) {
        StringBuilder out = new StringBuilder();
        out.append("\n### Start-up race ").append(LocalDate.now()).append(options.quick() ? " (short mode)" : "")
                .append(": Flume's quick start (netcat → memory → logger), launch to port, ").append(options.runs())
                .append(" run(s) per mode, RSS ").append(options.idleSeconds()).append(" s after the port answered")
                .append("\n\nJVM settings: flume = `-Xmx20m` (bin/flume-ng's default), JVM default collector; ")
                .append("edge = ").append(JvmProfile.EDGE.describe()).append("; collector = ")
                .append(JvmProfile.COLLECTOR.describe()).append(".\n\n")
                .append("| agent | mode | launch to port, median ms | min-max ms | RSS idle, median MB | min-max MB |\n")
                .append("|---|---|---|---|---|---|\n");
        samples.forEach((key, list) -> {
            long[] ms = list.stream().mapToLong(Sample::millis).sorted().toArray();
            long[] rss = list.stream().mapToLong(Sample::rssKb).filter(kb -> kb > 0).sorted().toArray();
            out.append("| ").append(key).append(String.format(" | %,d | %,d-%,d | ", ms[ms.length / 2], ms[0],
                    ms[ms.length - 1]));
            out.append(rss.length == 0 ? "- | - |\n" : String.format("%d | %d-%d |%n", rss[rss.length / 2] / 1024,
                    rss[0] / 1024, rss[rss.length - 1] / 1024));
        });
        return out.toString();
    }
}
