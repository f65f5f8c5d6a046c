package org.millrace.api.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key stores for TLS tests, made with the JDK's keytool: a self-signed certificate for localhost. */
public final class TestKeystores {
    /** The password of every store made here. */
    public static final String PASSWORD = "millrace";

    private TestKeystores() {
    }

    /** A JKS key store holding a self-signed localhost certificate, in {@code dir}. */
    public static Path keystore(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("server.jks");
        run(List.of(keytool(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-storetype", "JKS"));
        return store;
    }

    /** A JKS trust store holding the certificate of a key store made by {@link #keystore(Path)}. */
    public static Path truststore(Path keystore) throws IOException, InterruptedException {
        Path cert = keystore.resolveSibling("server.crt");
        Path store = keystore.resolveSibling("trust.jks");
        run(List.of(keytool(), "-exportcert", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                PASSWORD, "-file", cert.toString()));
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(),
                "-keystore", store.toString(), "-storepass", PASSWORD, "-storetype", "JKS"));
        return store;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
