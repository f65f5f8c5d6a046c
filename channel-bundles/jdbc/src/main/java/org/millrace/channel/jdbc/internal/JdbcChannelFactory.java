package org.millrace.channel.jdbc.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the jdbc channel for Flume's type {@code jdbc}. */
@Component(configurationPid = JdbcChannelFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=jdbc", ConnectorTypes.TYPE + "=org.apache.flume.channel.jdbc.JdbcChannel"})
@Designate(ocd = JdbcChannelConfig.class, factory = true)
public final class JdbcChannelFactory implements ChannelFactory {
    /** Where the metatype of the channel's properties is published. */
    static final String PID = "org.millrace.channel.jdbc";
    /** Derby's embedded driver, the only one the channel runs with. */
    static final String EMBEDDED_DRIVER = "org.apache.derby.jdbc.EmbeddedDriver";
    /** Flume still reads every property under this prefix too (deprecated long form, e.g.
     * {@code org.apache.flume.channel.jdbc.driver.url}); the short key wins. */
    private static final String LONG_FORM_PREFIX = "org.apache.flume.channel.jdbc.";
    private static final String SYSPROP_PREFIX = "sysprop.";

    @Override
    public Channel create(ComponentConfig config) throws ConfigurationException {
        return new JdbcChannel(settings(config), DerbyDatabases.SHARED);
    }

    /** Converts and checks a configuration; every problem is reported at once. Touches no database. */
    static JdbcChannelSettings settings(ComponentConfig given) throws ConfigurationException {
        ComponentConfig config = given.withLegacyPrefix(LONG_FORM_PREFIX);
        JdbcChannelConfig c = config.as(JdbcChannelConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        String url = blankToNull(c.driver_url());
        if (url != null) {
            // Flume ignores these without driver.url, so they are only checked with one.
            if (!url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
                problems.add(config.problem("driver.url", "must be an embedded Derby URL,"
                        + " jdbc:derby:<database>[;attributes]"));
            }
            if (!c.db_type().equalsIgnoreCase("DERBY")) {
                problems.add(config.problem("db.type", "must be DERBY, the only database this channel supports"));
            }
            if (!c.driver_class().equals(EMBEDDED_DRIVER)) {
                problems.add(config.problem("driver.class", "must be " + EMBEDDED_DRIVER
                        + ", the only driver this channel supports"));
            }
            String file = blankToNull(c.connection_properties_file());
            if (file != null && !isReadableFile(file)) {
                problems.add(config.problem("connection.properties.file", "is not a readable file"));
            }
        }
        String channelName = config.agentName() + "/" + config.componentName();
        if (channelName.length() > EventTable.CHANNEL_NAME_LENGTH) {
            String component = config.key("").substring(0, config.key("").length() - 1);
            problems.add(new ConfigProblem(component, null, "the agent and channel names, " + channelName
                    + ", exceed the " + EventTable.CHANNEL_NAME_LENGTH + " characters the database keeps for them"));
        }
        ConfigurationException.throwIfAny(problems);
        return new JdbcChannelSettings(storage(config, c, channelName, url), limits(c));
    }

    private static JdbcChannelSettings.Storage storage(ComponentConfig config, JdbcChannelConfig c, String name,
            String url) {
        Map<String, String> systemProperties = new LinkedHashMap<>(config.passThrough(SYSPROP_PREFIX));
        systemProperties.remove("user.home");
        String userHome = blankToNull(c.sysprop_user_home());
        if (url == null) {
            // Flume's default database: fixed user and password, no properties file.
            return new JdbcChannelSettings.Storage(name, null, userHome, "sa", "", null,
                    c.transaction_isolation(), c.create_schema(), c.maximum_connections(),
                    Map.copyOf(systemProperties));
        }
        // With a URL, Flume sets user and password only when they are configured, over the properties file.
        return new JdbcChannelSettings.Storage(name, url, userHome, config.get("db.username"),
                config.get("db.password"), blankToNull(c.connection_properties_file()), c.transaction_isolation(),
                c.create_schema(), c.maximum_connections(), Map.copyOf(systemProperties));
    }

    private static JdbcChannelSettings.Limits limits(JdbcChannelConfig c) {
        return new JdbcChannelSettings.Limits(c.maximum_capacity() == 0 ? Long.MAX_VALUE : c.maximum_capacity(),
                c.transactionCapacity() == 0 ? Integer.MAX_VALUE : c.transactionCapacity());
    }

    private static boolean isReadableFile(String file) {
        try {
            Path path = Path.of(file);
            return Files.isRegularFile(path) && Files.isReadable(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
