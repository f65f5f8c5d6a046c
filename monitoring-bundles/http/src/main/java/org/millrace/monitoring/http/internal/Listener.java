package org.millrace.monitoring.http.internal;

import java.util.Locale;
import java.util.Properties;

/**
 * Where monitoring listens, resolved from {@link MonitoringConfig} or, when that sets no type, from Flume's system
 * properties ({@code flume.monitoring.type=http}, {@code flume.monitoring.port}, and Millrace's
 * {@code flume.monitoring.bind}).
 *
 * @param bind the address
 * @param port the TCP port
 * @param from which setting asked for it, for log lines
 */
record Listener(String bind, int port, String from) {
    static final int FLUME_PORT = 41414;
    static final String LOCALHOST = "127.0.0.1";

    /** An invalid setting: names the key, its value and why. */
    static final class InvalidSetting extends Exception {
        InvalidSetting(String key, Object value, String why) {
            super(key + " = " + value + ": " + why);
        }
    }

    /**
     * The listener the settings ask for, or {@code null} for none.
     *
     * @throws InvalidSetting if a type is neither http nor none, or a port is not a port
     */
    static Listener resolve(MonitoringConfig config, Properties system) throws InvalidSetting {
        String type = config.type().trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty()) {
            return switch (type) {
                case "http" -> new Listener(config.bind(), port("port", config.port()), MonitoringServer.PID);
                case "none" -> null;
                default -> throw new InvalidSetting("type", config.type(), "is neither http nor none");
            };
        }
        String flumeType = system.getProperty("flume.monitoring.type");
        if (flumeType == null) {
            return null;
        }
        if (!flumeType.trim().equalsIgnoreCase("http")) {
            throw new InvalidSetting("flume.monitoring.type", flumeType, "only http is served (Ganglia and custom"
                    + " monitor classes are not)");
        }
        String port = system.getProperty("flume.monitoring.port", String.valueOf(FLUME_PORT)).trim();
        try {
            return new Listener(system.getProperty("flume.monitoring.bind", LOCALHOST).trim(),
                    port("flume.monitoring.port", Integer.parseInt(port)), "system property flume.monitoring.type");
        } catch (NumberFormatException e) {
            throw new InvalidSetting("flume.monitoring.port", port, "not a number");
        }
    }

    private static int port(String key, int port) throws InvalidSetting {
        if (port < 0 || port > 65535) {
            throw new InvalidSetting(key, port, "not a TCP port (0-65535)");
        }
        return port;
    }
}
