package org.millrace.benchmarks.race;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.millrace.itests.FlumeRuntime;

/** Apache Flume 1.11.0, unmodified ({@link FlumeRuntime}), as agent a1 of the race's configuration. */
final class FlumeAgent extends AgentProcess {
    private static final int METRICS_PORT = 45101;
    private static final Pattern DRAINED = Pattern.compile("\"EventTakeSuccessCount\":\"(\\d+)\"");

    private final Path lib;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private String config;
    private Path work;
    private Process process;

    /** @param lib the directory holding Flume's jars and their dependencies */
    FlumeAgent(Path lib, String heap) {
        this(lib, List.of("-Xms64m", "-Xmx" + heap), Map.of());
    }

    /**
     * @param jvmOptions heap and collector settings
     * @param environment added to the process's environment (e.g. MALLOC_ARENA_MAX)
     */
    FlumeAgent(Path lib, List<String> jvmOptions, Map<String, String> environment) {
        this.lib = lib;
        this.jvmOptions = jvmOptions;
        this.environment = environment;
    }

    @Override
    String name() {
        return "Flume 1.11.0";
    }

    /** Puts Flume's jars in {@code lib} from Maven Central (through the local repository) unless already there. */
    static void resolve(Path lib, Path pom) throws Exception {
        FlumeRuntime.resolve(lib, pom);
    }

    @Override
    void start(String flumeConfig, Path workDir) throws Exception {
        config = flumeConfig;
        work = workDir;
        restart();
    }

    @Override
    void restart() throws Exception {
        launching();
        process = FlumeRuntime.start(lib, work, "a1", config, jvmOptions, environment, METRICS_PORT);
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
