package org.millrace.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Key and trust stores as Flume configures them, with Flume's global defaults. */
final class KeyStores {
    private KeyStores() {
    }

    /**
     * A setting's value, else its global default: the JVM system property ({@code javax.net.ssl.keyStore}...),
     * else the environment variable ({@code FLUME_SSL_KEYSTORE_PATH}...), else {@code null}.
     */
    static String orGlobal(String value, String systemProperty, String environmentVariable) {
        if (value != null && !value.isEmpty()) {
            return value;
        }
        String global = System.getProperty(systemProperty);
        return global != null ? global : System.getenv(environmentVariable);
    }

    static KeyStore load(Path file, String password, String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}
