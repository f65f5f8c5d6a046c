package org.millrace.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * The README's first hour, in the packed distribution: started by {@code bin/start} with no JAVA_HOME (java on the
 * PATH), the quick-start flow answers, {@code bin/millrace} scripts the console, and nothing alarming is printed or
 * left behind: no JAVA_HOME warning, no login error, no {@code derby.log} in the folder, no stray folders. It runs
 * the edge JVM profile, without Karaf's module patch (which turns class-data sharing off); its clean stop writes
 * the class archive and the next start maps it; an unknown profile is refused. Meanwhile the default ports (8101,
 * 44444) are held, as by a distribution a user started by hand before {@code mvn verify}.
 */
public class CleanStartIT {

    @Test
    public void theQuickStartRunsAndScriptsWithoutNoise() throws Exception {
        try (java.io.Closeable ssh = hold(8101); java.io.Closeable quickStart = hold(44444)) {
            runsBesideTheDefaultPorts();
        }
    }

    /** Holds a port as a running distribution would; nothing to do if something else holds it already. */
    private static java.io.Closeable hold(int port) {
        try {
            return new java.net.ServerSocket(port);
        } catch (IOException taken) {
            return () -> { };
        }
    }

    private void runsBesideTheDefaultPorts() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "clean-start").toAbsolutePath());
        Distribution.deleteTree(root);
        Distribution distribution = Distribution.unpack(root.resolve("home"));
        Path home = distribution.home();
        assertFalse("a stray assembly/ folder in the distribution", Files.exists(home.resolve("assembly")));
        int port = Distribution.freePort(); // the quick start's 44444 may be taken by a distribution already running
        Path agent = home.resolve("etc/org.millrace.agent-a1.cfg");
        Files.writeString(agent, Files.readString(agent).replace("44444", Integer.toString(port)));

        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/start").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("start.out").toFile());
        start.environment().remove("JAVA_HOME");
        start.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        assertEquals("bin/start", 0, start.start().waitFor());
        ProcessHandle karaf = null;
        try {
            String answer = sendLine(port, "Hello world!");
            assertEquals("OK", answer);
            karaf = ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> java.util.List.of(a)
                    .contains("-Dkaraf.base=" + home)).orElse(false)).findFirst().orElseThrow();
            java.util.List<String> jvm = java.util.List.of(karaf.info().arguments().orElseThrow());
            assertTrue("the edge profile by default: " + jvm, jvm.contains("-XX:+UseSerialGC")
                    && jvm.contains("-Xmx128M") && jvm.contains("-XX:TieredStopAtLevel=1"));
            assertFalse("no module patch: " + jvm, jvm.contains("--patch-module"));
            assertTrue("the first run writes the class archive at its clean stop: " + jvm,
                    jvm.contains("-XX:ArchiveClassesAtExit=" + home.resolve("data/millrace.jsa")));
            String status = distribution.console("millrace:status a1");
            assertTrue(status, status.contains("EventAcceptedCount = 1"));
            assertTrue(status, status.contains("sink k1 [logger] RUNNING"));
            String script = runMillrace(home, "millrace:list a1");
            assertTrue("bin/millrace: " + script, script.contains("a1"));
            noDefaultPassword(home);
        } finally {
            if (karaf != null) {
                distribution.stop(karaf);
            }
        }
        classArchiveIsWrittenThenMapped(distribution, port);
        String startOut = Files.readString(home.resolve("start.out"));
        assertFalse(startOut, startOut.contains("JAVA_HOME not set"));
        String log = Files.readString(home.resolve("data/log/karaf.log"));
        assertFalse("an error after a console login", log.contains("NoClassDefFoundError"));
        // the quick start's connectors start before the platform: its first plan finds their types
        assertFalse("a component waited for a booted type", log.contains("waits: no installed bundle provides"));
        assertFalse("derby.log in the distribution's folder", Files.exists(home.resolve("derby.log")));
        bootBundlesStartedFromStartupProperties(log);
    }

    /**
     * The boot features' bundles are in etc/startup.properties: the features service's first deployment finds them
     * installed and installs only Karaf's features deployer. A bundle it installed or refreshed besides would mean one
     * missing there (a refresh also restarts the agent just after its port opened).
     */
    private static void bootBundlesStartedFromStartupProperties(String log) {
        assertFalse("the first deployment refreshed bundles: " + log, log.contains("Refreshing bundles:"));
        java.util.List<String> installed = java.util.regex.Pattern.compile("(?m)\\|   (mvn:\\S+)$").matcher(log)
                .results().map(m -> m.group(1)).toList();
        assertEquals("installed by the features service at the first start",
                java.util.List.of("mvn:org.apache.karaf.deployer/org.apache.karaf.deployer.features/"
                        + System.getProperty("karaf.version")),
                installed);
    }

    /**
     * The clean stop wrote data/millrace.jsa; the next start maps it (it is among the process's mapped files) and
     * still answers. An unknown MILLRACE_PROFILE stops bin/start with a message, starting nothing.
     */
    private static void classArchiveIsWrittenThenMapped(Distribution distribution, int port) throws Exception {
        Path archive = distribution.resolve("data/millrace.jsa");
        assertTrue("the clean stop wrote " + archive, Files.size(archive) > 1_000_000);
        ProcessHandle again = distribution.start();
        try {
            assertEquals("OK", sendLine(port, "again"));
            java.util.List<String> jvm = java.util.List.of(again.info().arguments().orElseThrow());
            assertTrue(jvm.toString(), jvm.contains("-XX:SharedArchiveFile=" + archive));
            String maps = Files.readString(Path.of("/proc", String.valueOf(again.pid()), "maps"));
            assertTrue("the archive is mapped", maps.contains(archive.toString()));
        } finally {
            distribution.stop(again);
        }
        ProcessBuilder unknown = new ProcessBuilder(distribution.resolve("bin/start").toString())
                .directory(distribution.home().toFile()).redirectErrorStream(true);
        unknown.environment().put("JAVA_HOME", System.getProperty("java.home"));
        unknown.environment().put("MILLRACE_PROFILE", "fast");
        Process refused = unknown.start();
        String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("bin/start with MILLRACE_PROFILE=fast: " + out, 1, refused.waitFor());
        assertTrue(out, out.contains("MILLRACE_PROFILE=fast is neither edge nor collector"));
    }

    /**
     * The distribution ships no usable credential: the first start gave the console user a random password, in a
     * file only its owner can read, and the old default karaf/karaf is refused.
     */
    private static void noDefaultPassword(Path home) throws Exception {
        Path users = home.resolve("etc/users.properties");
        String generated = Files.readString(users).replaceAll("(?s).*\nkaraf = ([0-9a-f]+),_g_:admingroup\n.*", "$1");
        assertTrue("a generated password of 48 hex digits: " + generated, generated.matches("[0-9a-f]{48}"));
        assertEquals("etc/users.properties readable by its owner only", "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        ProcessBuilder oldDefault = new ProcessBuilder("bash", "-c", "echo 'millrace:list' | timeout 60 bin/client -b -a "
                + sshPort(home) + " -u karaf -p karaf").directory(home.toFile()).redirectErrorStream(true);
        oldDefault.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process refused = oldDefault.start();
        String out = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        refused.waitFor();
        assertFalse("karaf/karaf must not log in: " + out, out.contains("a1 (gen"));
    }

    /** Connects once the port answers (the agent may still be starting), sends a line, reads the answer. */
    private static String sendLine(int port, String line) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (java.net.ConnectException notYet) {
                assertTrue("the quick-start port never answered", System.currentTimeMillis() < deadline);
                Thread.sleep(200);
            }
        }
    }

    private static String runMillrace(Path home, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/millrace").toString(), command)
                .directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("MILLRACE_CLIENT_OPTS", "-a " + sshPort(home));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("bin/millrace " + command + ": " + out, 0, p.waitFor());
        return out;
    }

    private static String sshPort(Path home) throws Exception {
        return Files.readString(home.resolve("etc/org.apache.karaf.shell.cfg")).replaceAll("(?s).*sshPort = (\\d+).*",
                "$1");
    }
}
