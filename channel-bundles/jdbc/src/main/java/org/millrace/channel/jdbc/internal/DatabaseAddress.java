package org.millrace.channel.jdbc.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Derby database to connect to: its URL and connection properties, derived from the settings as Flume's
 * JdbcChannelProviderImpl derives them.
 */
record DatabaseAddress(String url, Properties properties) {

    /** Where Flume keeps the default database, below the home directory. */
    static final String DEFAULT_DIRECTORY = "/.flume/jdbc-channel";

    /**
     * The address of the configured database. For Flume's default location this creates the directory, as
     * Flume does; call it when the channel starts, not when it is built.
     */
    static DatabaseAddress of(JdbcChannelSettings.Storage storage) throws IOException {
        Properties properties = new Properties();
        if (storage.url() == null) {
            properties.setProperty("user", storage.username());
            properties.setProperty("password", storage.password());
            return new DatabaseAddress("jdbc:derby:" + defaultDirectory(storage.userHome()) + "/db;create=true",
                    properties);
        }
        if (storage.propertiesFile() != null) {
            try (InputStream in = Files.newInputStream(Path.of(storage.propertiesFile()))) {
                properties.load(in);
            }
        }
        if (storage.username() != null) {
            properties.setProperty("user", storage.username());
        }
        if (storage.password() != null) {
            properties.setProperty("password", storage.password());
        }
        return new DatabaseAddress(storage.url(), properties);
    }

    /** {@code <home>/.flume/jdbc-channel}, canonical and created if missing; home defaults to user.home. */
    private static String defaultDirectory(String userHome) throws IOException {
        String home = (userHome != null ? userHome : System.getProperty("user.home")).replace('\\', '/');
        File directory = new File(home + DEFAULT_DIRECTORY);
        String canonical = directory.getCanonicalPath();
        if (!directory.isDirectory() && !directory.mkdirs()) {
            throw new IOException("cannot create the database directory " + canonical);
        }
        return canonical;
    }

    /** The URL without attributes: which database this is, e.g. {@code jdbc:derby:/home/u/.flume/jdbc-channel/db}. */
    String name() {
        int attributes = url.indexOf(';');
        return attributes < 0 ? url : url.substring(0, attributes);
    }

    /** The URL that shuts this database down, and only it. */
    String shutdownUrl() {
        return name() + ";shutdown=true";
    }

    /** The name only: the properties may hold a password. */
    @Override
    public String toString() {
        return name();
    }
}
