package org.millrace.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real distribution as a user runs it, for tests that start, kill and stop Karaf themselves: unpacked from the
 * built archive into a folder of its own, with a free ssh port, started with {@code bin/start}.
 */
final class Distribution {
    private final Path home;
    private final int sshPort;
    private final int monitoringPort;

    private Distribution(Path home, int sshPort, int monitoringPort) {
        this.home = home;
        this.sshPort = sshPort;
        this.monitoringPort = monitoringPort;
    }

    /** Unpacks the distribution into {@code home} (emptied first) and gives its console and monitoring free ports. */
    static Distribution unpack(Path home) throws Exception {
        Files.createDirectories(home);
        deleteTree(home);
        Path archive = Path.of(System.getProperty("millrace.distribution"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", home.toString(),
                "--strip-components=1").inheritIO().start();
        assertEquals("unpacking " + archive, 0, tar.waitFor());
        Path shell = home.resolve("etc/org.apache.karaf.shell.cfg");
        int sshPort = freePort();
        Files.writeString(shell, Files.readString(shell).replace("sshPort = 8101", "sshPort = " + sshPort));
        Path monitoring = home.resolve("etc/org.millrace.monitoring.cfg");
        int monitoringPort = freePort();
        Files.writeString(monitoring, Files.readString(monitoring).replace("port = 34545", "port = " + monitoringPort));
        return new Distribution(home, sshPort, monitoringPort);
    }

    /** Where its monitoring (flow view, Flume's JSON, Prometheus) listens on 127.0.0.1. */
    int monitoringPort() {
        return monitoringPort;
    }

    Path home() {
        return home;
    }

    /** A file below the distribution's folder. */
    Path resolve(String path) {
        return home.resolve(path);
    }

    /** Starts Karaf in the background; returns its JVM. */
    ProcessHandle start() throws Exception {
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("start.out")
                        .toFile()));
        start.environment().put("JAVA_HOME", System.getProperty("java.home"));
        assertEquals("bin/start", 0, start.start().waitFor());
        String marker = "-Dkaraf.base=" + home;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ProcessHandle karaf = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                    .map(a -> List.of(a).contains(marker)).orElse(false)).findFirst().orElse(null);
            if (karaf != null) {
                return karaf;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the Karaf process did not appear");
    }

    /** Stops Karaf with {@code bin/stop} and waits for its JVM to end. */
    void stop(ProcessHandle karaf) throws Exception {
        new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile()).start().waitFor();
        karaf.onExit().get(60, TimeUnit.SECONDS);
    }

    /**
     * Runs a console command through {@code bin/client}, as a script would (logged in with the password the first
     * start generated, which bin/client reads from etc/users.properties); returns what it printed.
     */
    String console(String command) throws Exception {
        // the quick start's port opens before the console's ssh server starts (start levels 26 and 30)
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "echo \"$0\" | bin/client -b -a " + sshPort,
                    command).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process client = builder.start();
            client.getOutputStream().close();
            String out = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = client.waitFor();
            if (exit != 0 && out.contains("Failed to get the session") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                continue;
            }
            assertEquals(command + ": " + out, 0, exit);
            return out;
        }
    }

    /** A TCP port free now. */
    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** Deletes what is below {@code root}, keeping it. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
    }
}
