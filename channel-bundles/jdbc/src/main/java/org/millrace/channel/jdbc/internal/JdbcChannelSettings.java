package org.millrace.channel.jdbc.internal;

import java.util.Map;

/** A valid jdbc channel configuration, split by what a running channel can change in place. */
record JdbcChannelSettings(Storage storage, Limits limits) {

    /**
     * Where and how events are stored; a change here needs a new channel instance.
     *
     * @param channelName the name the channel's rows carry, {@code <agent>/<channel>}
     * @param url the configured {@code driver.url}, or {@code null} for Flume's default location
     * @param userHome {@code sysprop.user.home}, or {@code null} for the JVM's {@code user.home}
     * @param username the {@code user} connection property, or {@code null} to leave it to the properties file
     * @param password the {@code password} connection property, or {@code null} to leave it to the file
     * @param propertiesFile {@code connection.properties.file}, or {@code null}
     * @param systemProperties {@code sysprop.*} except {@code user.home}, set before the database boots
     */
    record Storage(String channelName, String url, String userHome, String username, String password,
            String propertiesFile, TransactionIsolation isolation, boolean createSchema, int maximumConnections,
            Map<String, String> systemProperties) {

        /** Which database, without attributes: the URL, or Flume's default location below the home directory. */
        String database() {
            if (url == null) {
                String home = userHome != null ? userHome : System.getProperty("user.home");
                return "jdbc:derby:" + java.nio.file.Path.of(home + DatabaseAddress.DEFAULT_DIRECTORY, "db")
                        .toAbsolutePath().normalize();
            }
            int attributes = url.indexOf(';');
            return attributes < 0 ? url : url.substring(0, attributes);
        }

        /** Whether the database lives in memory only ({@code jdbc:derby:memory:}) and dies with the JVM. */
        boolean inMemory() {
            return url != null && url.startsWith("jdbc:derby:memory:");
        }

        @Override
        public String toString() {
            return channelName + " at " + (url == null ? "the default location" : url);
        }
    }

    /**
     * Limits a running channel can change in place; "no limit" is already the largest value.
     *
     * @param capacity events the channel holds at most
     * @param transactionCapacity events one transaction puts or takes at most
     */
    record Limits(long capacity, int transactionCapacity) {
    }
}
