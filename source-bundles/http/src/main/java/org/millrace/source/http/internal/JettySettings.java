package org.millrace.source.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;

/**
 * Flume's Jetty bean settings ({@code QueuedThreadPool.*}, {@code HttpConfiguration.*},
 * {@code SslContextFactory.*}, {@code ServerConnector.*}): Millrace serves HTTP with Netty, so it honours the two
 * that mean the same there, the idle timeout and the header size, and reports the rest as unused.
 */
record JettySettings(long idleTimeoutMillis, int requestHeaderSize, List<String> unused) {
    private static final List<String> PREFIXES = List.of("QueuedThreadPool.", "HttpConfiguration.",
            "SslContextFactory.", "ServerConnector.");

    static JettySettings of(ComponentConfig config, List<ConfigProblem> problems) {
        long idle = 30_000;
        int headers = 8192;
        List<String> unused = new ArrayList<>();
        for (String prefix : PREFIXES) {
            for (Map.Entry<String, String> e : config.passThrough(prefix).entrySet()) {
                String key = prefix + e.getKey();
                try {
                    switch (key) {
                        case "ServerConnector.idleTimeout" -> idle = Long.parseLong(e.getValue().trim());
                        case "HttpConfiguration.requestHeaderSize" -> headers = Integer.parseInt(e.getValue().trim());
                        default -> unused.add(key);
                    }
                } catch (NumberFormatException bad) {
                    problems.add(config.problem(key, "not a number"));
                }
            }
        }
        return new JettySettings(idle, headers, unused);
    }
}
