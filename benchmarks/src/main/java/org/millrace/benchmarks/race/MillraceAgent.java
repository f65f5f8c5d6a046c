package org.millrace.benchmarks.race;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Millrace Karaf distribution, as built: a copy of the assembly with the Flume file as
 * {@code etc/org.millrace.agent-a1.cfg} (instead of the quick start), started with {@code bin/start}.
 */
final class MillraceAgent extends AgentProcess {
    private static final Pattern DRAINED = Pattern.compile("EventTakeSuccessCount = (\\d+)");

    private final Path assembly;
    private final String heap;
    private final String extraJavaOpts;
    private final String profile;
    private Path home;
    private ProcessHandle process;

    private int sshPort;
    private boolean verified;

    /**
     * @param assembly the unpacked distribution, e.g. karaf-features/assembly/target/assembly
     * @param profile the JVM profile of bin/setenv: edge or collector
     * @param heap JAVA_MAX_MEM, or null for the profile's
     * @param extraJavaOpts EXTRA_JAVA_OPTS, or null for the profile's
     */
    MillraceAgent(Path assembly, String profile, String heap, String extraJavaOpts) {
        this.assembly = assembly;
        this.profile = profile;
        this.heap = heap;
        this.extraJavaOpts = extraJavaOpts;
    }

    @Override
    String name() {
        return "Millrace";
    }

    @Override
    void start(String flumeConfig, Path work) throws Exception {
        home = work.resolve("millrace").toAbsolutePath();
        copy(assembly, home);
        sshPort = freePort(); // a console port of its own: a distribution started by hand may hold 8101
        Path shell = home.resolve("etc/org.apache.karaf.shell.cfg");
        Files.writeString(shell, Files.readString(shell).replace("sshPort = 8101", "sshPort = " + sshPort));
        // monitoring stays on, as shipped, on a port of its own (distributions before issue 13 have none)
        Path monitoring = home.resolve("etc/org.millrace.monitoring.cfg");
        if (Files.exists(monitoring)) {
            Files.writeString(monitoring, Files.readString(monitoring).replace("port = 34545", "port = " + freePort()));
        }
        // connectors the distribution does not boot are installed from its system/ folder when the flow names them
        Files.writeString(home.resolve("etc/org.millrace.agent-a1.cfg"), flumeConfig);
        restart();
    }

    @Override
    void restart() throws Exception {
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("millrace-start.out").toFile()));
        if (heap != null) {
            start.environment().put("JAVA_MAX_MEM", heap);
        }
        start.environment().put("MILLRACE_PROFILE", profile);
        if (extraJavaOpts != null) {
            start.environment().put("EXTRA_JAVA_OPTS", extraJavaOpts);
        }
        start.environment().put("JAVA_HOME", System.getProperty("java.home"));
        ProcessHandle before = process;
        process = null;
        launching();
        if (start.start().waitFor() != 0) {
            throw new IllegalStateException("bin/start failed");
        }
        String marker = "-Dkaraf.base=" + home;
        long deadline = System.currentTimeMillis() + 30_000;
        while (process == null && System.currentTimeMillis() < deadline) {
            process = ProcessHandle.allProcesses().filter(p -> !p.equals(before) && p.info().arguments()
                    .map(a -> List.of(a).contains(marker)).orElse(false)).findFirst().orElse(null);
            Thread.sleep(10);
        }
        if (process == null) {
            throw new IllegalStateException("the Karaf process did not appear");
        }
    }

    @Override
    String whatItDid() {
        StringBuilder out = new StringBuilder("\n-- the end of karaf.log, without the console's command lines:");
        try (Stream<String> lines = Files.lines(home.resolve("data/log/karaf.log"))) {
            List<String> kept = lines.filter(l -> !l.contains("CommandExtension")).toList();
            kept.subList(Math.max(0, kept.size() - 40), kept.size())
                    .forEach(l -> out.append('\n').append(l, 0, Math.min(l.length(), 300)));
        } catch (IOException | RuntimeException e) {
            out.append(" not readable: ").append(e);
        }
        return out.append("\n-- threads busy in Millrace, the framework or Karaf's features service:")
                .append(busyThreads(List.of("org.millrace", "org.apache.felix.framework", "org.apache.karaf.features")))
                .toString();
    }

    @Override
    ProcessHandle handle() {
        return process;
    }

    @Override
    long drained() throws Exception {
        if (!verified) {
            // the console on our port must be this distribution's, not another Karaf's
            String base = console("system:property karaf.base").trim();
            if (!base.endsWith(home.toString())) {
                throw new IllegalStateException("the console on port " + sshPort + " belongs to another Karaf ("
                        + base + "), not to " + home);
            }
            verified = true;
        }
        String out = console("millrace:status a1");
        long total = 0;
        Matcher m = DRAINED.matcher(out);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    @Override
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            awaitExit(process);
        }
    }

    private String console(String command) throws Exception {
        Process client = new ProcessBuilder("bash", "-c", "echo | bin/client -a " + sshPort + " '"
                + command + "'").directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(client.getInputStream().readAllBytes());
        client.waitFor();
        return out;
    }

    /** The distribution without what a running copy of it writes: data/, its pid and lock files, instances. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.startsWith(from.resolve("data")) && !p.startsWith(from.resolve("instances"))
                        && !p.equals(from.resolve("karaf.pid")) && !p.equals(from.resolve("lock"))) {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
