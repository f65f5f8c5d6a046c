package org.millrace.itests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apache Flume 1.11.0, unmodified: its jars as Maven Central serves them (with the Kafka, HDFS and taildir modules
 * a Flume user adds), run as {@code flume-ng agent} runs them ({@code org.apache.flume.node.Application -n <agent>
 * -f <file>}), with Flume's JSON metrics on an HTTP port. Shared by the interoperability tests and the races
 * (benchmarks/).
 */
public final class FlumeRuntime {
    /** The jar of the last module added to benchmarks/flume/pom.xml: a folder without it is resolved again. */
    private static final String NEWEST_JAR = "flume-kafka-channel";

    private FlumeRuntime() {
    }

    /** Puts Flume's jars in {@code lib} from Maven Central (through the local repository) unless already there. */
    public static void resolve(Path lib, Path pom) throws Exception {
        if (Files.isDirectory(lib)) {
            try (var jars = Files.list(lib)) {
                if (jars.anyMatch(j -> j.getFileName().toString().startsWith(NEWEST_JAR))) {
                    return;
                }
            }
        }
        System.out.println("Resolving Flume 1.11.0 from Maven Central into " + lib);
        List<String> command = new ArrayList<>(List.of("mvn", "-q", "-B", "-f", pom.toString(),
                "dependency:copy-dependencies", "-DoutputDirectory=" + lib.toAbsolutePath()));
        if (System.getProperty("maven.repo.local") != null) {
            command.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
        }
        Process mvn = new ProcessBuilder(command).inheritIO().start();
        if (mvn.waitFor() != 0) {
            throw new IllegalStateException("resolving Flume's jars failed");
        }
    }

    /**
     * Starts agent {@code agent} of this configuration file in {@code work} (created), logging warnings to
     * {@code work/flume.log} and its console to {@code work/flume.out}.
     */
    public static Process start(Path lib, Path work, String agent, String config, String heap, int metricsPort)
            throws Exception {
        return start(lib, work, agent, config, List.of("-Xms64m", "-Xmx" + heap), Map.of(), metricsPort);
    }

    /**
     * As above, with these JVM options (heap and collector) instead of {@code -Xms64m -Xmx<heap>}, and these
     * variables added to the environment.
     */
    public static Process start(Path lib, Path work, String agent, String config, List<String> jvmOptions,
            Map<String, String> environment, int metricsPort) throws Exception {
        Path dir = work.toAbsolutePath();
        Files.createDirectories(dir);
        Path conf = dir.resolve("flume.conf");
        Files.writeString(conf, config);
        Path log4j = dir.resolve("log4j2.xml");
        try (InputStream in = FlumeRuntime.class.getResourceAsStream("/flume/log4j2.xml")) {
            Files.copy(in, log4j, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dflume.monitoring.type=http",
                "-Dflume.monitoring.port=" + metricsPort, "-Dlog4j.configurationFile=" + log4j,
                "-Dflume.log.dir=" + dir, "-cp", lib.toAbsolutePath() + "/*", "org.apache.flume.node.Application",
                "-n", agent, "-f", conf.toString(), "--no-reload-conf"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("flume.out").toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
