package org.millrace.channel.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.testkit.TestContexts;

class JdbcChannelFactoryTest {

    private static JdbcChannelSettings settings(Map<String, String> properties) throws ConfigurationException {
        return JdbcChannelFactory.settings(TestContexts.config("channels", "c1", "jdbc", properties));
    }

    private static List<String> problems(Map<String, String> properties) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> settings(properties));
        return e.problems().stream().map(Object::toString).toList();
    }

    @Test
    void defaultsAreFlumes() throws ConfigurationException {
        JdbcChannelSettings s = settings(Map.of());
        JdbcChannelSettings.Storage storage = s.storage();
        assertEquals("a1/c1", storage.channelName());
        assertNull(storage.url(), "Flume's default location");
        assertNull(storage.userHome());
        assertEquals("sa", storage.username());
        assertEquals("", storage.password());
        assertEquals(TransactionIsolation.READ_COMMITTED, storage.isolation());
        assertTrue(storage.createSchema());
        assertEquals(10, storage.maximumConnections());
        assertEquals(Long.MAX_VALUE, s.limits().capacity(), "maximum.capacity 0 is unlimited");
        assertEquals(Integer.MAX_VALUE, s.limits().transactionCapacity(), "Flume has no transaction limit");
    }

    @Test
    void invalidSettingsNameKeyValueAndReason() {
        assertEquals(Set.of("a1.channels.c1.transaction.isolation = snapshot: must be one of read_uncommitted,"
                        + " read_committed, repeatable_read, serializable",
                "a1.channels.c1.maximum.connections = many: not a whole number"),
                Set.copyOf(problems(Map.of("transaction.isolation", "snapshot", "maximum.connections", "many"))));
        assertEquals(List.of("a1.channels.c1.maximum.connections = 0: must be at least 1",
                "a1.channels.c1.maximum.capacity = -1: must not be negative",
                "a1.channels.c1.transactionCapacity = -1: must not be negative"),
                problems(Map.of("maximum.connections", "0", "maximum.capacity", "-1", "transactionCapacity", "-1")));
        assertEquals(List.of("a1.channels.c1.transactionCapacity = 20: cannot be higher than maximum.capacity (10)"),
                problems(Map.of("maximum.capacity", "10", "transactionCapacity", "20")));
    }

    @Test
    void aConfiguredUrlMustBeEmbeddedDerby(@TempDir Path dir) {
        assertEquals(List.of("a1.channels.c1.driver.url = jdbc:mysql://db/flume: must be an embedded Derby URL,"
                        + " jdbc:derby:<database>[;attributes]",
                "a1.channels.c1.db.type = MYSQL: must be DERBY, the only database this channel supports",
                "a1.channels.c1.driver.class = com.mysql.jdbc.Driver: must be org.apache.derby.jdbc.EmbeddedDriver,"
                        + " the only driver this channel supports",
                "a1.channels.c1.connection.properties.file = " + dir.resolve("missing.properties")
                        + ": is not a readable file"),
                problems(Map.of("driver.url", "jdbc:mysql://db/flume", "db.type", "MYSQL",
                        "driver.class", "com.mysql.jdbc.Driver",
                        "connection.properties.file", dir.resolve("missing.properties").toString())));
        assertEquals(List.of("a1.channels.c1.driver.url = jdbc:derby://db:1527/flume: must be an embedded Derby"
                + " URL, jdbc:derby:<database>[;attributes]"),
                problems(Map.of("driver.url", "jdbc:derby://db:1527/flume")));
    }

    @Test
    void agentAndChannelNamesMustFitTheNameColumn() {
        String agent = "a".repeat(200);
        String channel = "c".repeat(60);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> JdbcChannelFactory.settings(
                new ComponentConfig(agent, channel, "jdbc", agent + ".channels." + channel + ".", Map.of())));
        assertEquals(List.of(agent + ".channels." + channel + ": the agent and channel names, " + agent + "/"
                + channel + ", exceed the 255 characters the database keeps for them"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    void withoutAUrlFlumeIgnoresTheDriverSettings() throws ConfigurationException {
        JdbcChannelSettings.Storage storage = settings(Map.of("db.type", "MYSQL", "driver.class", "com.mysql.Driver",
                "db.username", "me", "db.password", "secret", "connection.properties.file", "/nowhere")).storage();
        assertEquals("sa", storage.username());
        assertEquals("", storage.password());
        assertNull(storage.propertiesFile());
    }

    @Test
    void withAUrlUserAndPasswordOverrideThePropertiesFileOnlyWhenSet(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jdbc.properties"), "user=fromfile\npassword=filepass\nx=y\n");
        String url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
        DatabaseAddress address = DatabaseAddress.of(settings(Map.of("driver.url", url,
                "connection.properties.file", file.toString(), "db.password", "explicit")).storage());
        assertEquals(url, address.url());
        assertEquals("fromfile", address.properties().getProperty("user"));
        assertEquals("explicit", address.properties().getProperty("password"));
        assertEquals("y", address.properties().getProperty("x"));
        assertEquals("jdbc:derby:" + dir.resolve("db") + ";shutdown=true", address.shutdownUrl());
    }

    @Test
    void theDefaultDatabaseIsFlumesBelowSyspropUserHome(@TempDir Path home) throws Exception {
        DatabaseAddress address = DatabaseAddress.of(settings(Map.of("sysprop.user.home", home.toString()))
                .storage());
        String directory = home.toFile().getCanonicalPath() + "/.flume/jdbc-channel";
        assertEquals("jdbc:derby:" + directory + "/db;create=true", address.url());
        assertEquals("jdbc:derby:" + directory + "/db", address.name());
        assertEquals("sa", address.properties().getProperty("user"));
        assertTrue(Files.isDirectory(Path.of(directory)), "created when the channel starts, as Flume does");
    }

    @Test
    void flumesLongFormKeysStillWorkAndTheShortFormWins() throws ConfigurationException {
        JdbcChannelSettings s = settings(Map.of("org.apache.flume.channel.jdbc.maximum.capacity", "5",
                "org.apache.flume.channel.jdbc.maximum.connections", "3", "maximum.connections", "4",
                "org.apache.flume.channel.jdbc.sysprop.derby.x", "1"));
        assertEquals(5, s.limits().capacity());
        assertEquals(4, s.storage().maximumConnections());
        assertEquals(Map.of("derby.x", "1"), s.storage().systemProperties());
    }

    @Test
    void syspropUserHomePlacesTheDatabaseWithoutBecomingASystemProperty() throws ConfigurationException {
        JdbcChannelSettings.Storage storage = settings(Map.of("sysprop.user.home", "/data",
                "sysprop.derby.storage.pageCacheSize", "2000")).storage();
        assertEquals("/data", storage.userHome());
        assertEquals(Map.of("derby.storage.pageCacheSize", "2000"), storage.systemProperties());
    }
}
