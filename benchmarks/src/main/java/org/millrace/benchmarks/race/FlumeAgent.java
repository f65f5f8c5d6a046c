package org.millrace.benchmarks.race;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Flume 1.11.0, unmodified: its jars as Maven Central serves them, run as {@code flume-ng agent} runs them
 * ({@code org.apache.flume.node.Application -n a1 -f <file>}), with Flume's JSON metrics on an HTTP port.
 */
final class FlumeAgent extends AgentProcess {
    private static final int METRICS_PORT = 45101;
    private static final Pattern DRAINED = Pattern.compile("\"EventTakeSuccessCount\":\"(\\d+)\"");

    private final Path lib;
    private final String heap;
    private Process process;

    /** @param lib the directory holding Flume's jars and their dependencies */
    FlumeAgent(Path lib, String heap) {
        this.lib = lib;
        this.heap = heap;
    }

    @Override
    String name() {
        return "Flume 1.11.0";
    }

    /** Puts Flume's jars in {@code lib} from Maven Central (through the local repository) unless already there. */
    static void resolve(Path lib, Path pom) throws Exception {
        if (Files.isDirectory(lib)) {
            try (var jars = Files.list(lib)) {
                if (jars.anyMatch(j -> j.getFileName().toString().startsWith("flume-hdfs-sink"))) {
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

    @Override
    void start(String flumeConfig, Path workDir) throws Exception {
        Path work = workDir.toAbsolutePath();
        Files.createDirectories(work);
        Path conf = work.resolve("flume.conf");
        Files.writeString(conf, flumeConfig);
        Path log4j = work.resolve("log4j2.xml");
        try (InputStream in = FlumeAgent.class.getResourceAsStream("/race/log4j2.xml")) {
            Files.copy(in, log4j);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx" + heap, "-Dflume.monitoring.type=http",
                "-Dflume.monitoring.port=" + METRICS_PORT, "-Dlog4j.configurationFile=" + log4j,
                "-Dflume.log.dir=" + work, "-cp", lib.toAbsolutePath() + "/*", "org.apache.flume.node.Application",
                "-n", "a1", "-f", conf.toString(), "--no-reload-conf"));
        process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("flume.out").toFile()).start();
    }

    @Override
    long drained() throws Exception {
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + METRICS_PORT + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        long total = 0;
        Matcher m = DRAINED.matcher(json);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    @Override
    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit(process.toHandle());
        }
    }
}
