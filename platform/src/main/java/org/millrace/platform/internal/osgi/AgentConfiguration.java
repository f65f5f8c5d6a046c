package org.millrace.platform.internal.osgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent per Config Admin configuration of the factory PID {@value #PID}, e.g.
 * {@code etc/org.millrace.agent-a1.cfg}. The configuration's keys are a Flume agent configuration, taken
 * verbatim (with or without the agent-name prefix), or it names a Flume file with {@code flume.config.file}.
 * An update is applied to the running agent; deleting the configuration stops the agent.
 */
@Component(configurationPid = AgentConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = AgentConfiguration.Config.class, factory = true)
public final class AgentConfiguration {
    /** The factory PID of agent configurations. */
    public static final String PID = "org.millrace.agent";
    private static final Logger LOG = LoggerFactory.getLogger(AgentConfiguration.class);

    /** Documents the keys Millrace itself reads; every other key is Flume's. */
    @ObjectClassDefinition(name = "Millrace agent", description = "A Flume agent configuration: the keys of a Flume"
            + " properties file (a1.sources = r1 ...), or a reference to such a file.")
    @interface Config {
        /** The Flume file to run instead of inline keys. */
        @AttributeDefinition(name = "Flume configuration file", required = false,
                description = "Path of a Flume agent configuration file to run instead of inline keys")
        String flume_config_file();

        /** Which agent of a multi-agent file to run. */
        @AttributeDefinition(name = "Flume agent name", required = false,
                description = "Which agent's keys to run when the configuration holds several (the -n of flume-ng)")
        String flume_agent_name();
    }

    @Reference
    private AgentHost host;
    private String agentName;
    private volatile Map<String, Object> current;
    private FlumeFileWatch watch;

    @Activate
    void activate(Map<String, Object> properties) {
        agentName = agentName(properties);
        LOG.info("[{}] agent configuration {} received", agentName, properties.get("service.pid"));
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        LOG.info("[{}] agent configuration updated", agentName);
        apply(properties);
    }

    @Deactivate
    synchronized void deactivate() {
        closeWatch();
        host.remove(agentName);
    }

    private synchronized void apply(Map<String, Object> properties) {
        current = properties;
        watchFile(properties.get(FlumeConfigParser.CONFIG_FILE_KEY));
        host.run(model(agentName, properties));
    }

    /** Keeps a watch on the Flume file the configuration names, if any, so that its edits apply at once. */
    private void watchFile(Object file) {
        Path wanted = file == null ? null : Path.of(file.toString().trim()).toAbsolutePath();
        if (watch != null && watch.file().equals(wanted)) {
            return;
        }
        closeWatch();
        if (wanted != null) {
            try {
                watch = new FlumeFileWatch(agentName, wanted, () -> host.run(model(agentName, current)));
            } catch (IOException e) {
                LOG.error("[{}] cannot watch {} for edits: {}", agentName, wanted, e.toString());
            }
        }
    }

    private void closeWatch() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** The flow model a configuration describes: inline keys, or the Flume file it names. */
    static FlowModel model(String agentName, Map<String, Object> properties) {
        Object file = properties.get(FlumeConfigParser.CONFIG_FILE_KEY);
        Object flumeAgent = properties.get(FlumeConfigParser.AGENT_NAME_KEY);
        String flumeName = flumeAgent == null ? null : flumeAgent.toString();
        if (file == null) {
            return FlumeConfigParser.parse(agentName, flumeName, properties);
        }
        try {
            return FlumeConfigParser.parse(agentName, flumeName, FlumeConfigParser.load(Path.of(file.toString().trim())));
        } catch (IOException e) {
            return FlumeConfigParser.unreadable(agentName, file.toString(), e);
        }
    }

    /**
     * The agent's name: its configuration's name ({@code a1} for {@code org.millrace.agent~a1} or
     * {@code etc/org.millrace.agent-a1.cfg}); failing that, the one Flume agent its keys name.
     */
    static String agentName(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        Object fileName = properties.get("felix.fileinstall.filename");
        if (fileName != null) {
            String base = fileName.toString().replaceAll(".*[/\\\\]", "");
            String prefix = PID + "-";
            if (base.startsWith(prefix) && base.endsWith(".cfg")) {
                return base.substring(prefix.length(), base.length() - ".cfg".length());
            }
        }
        Object flumeAgent = properties.get(FlumeConfigParser.AGENT_NAME_KEY);
        if (flumeAgent != null) {
            return flumeAgent.toString();
        }
        TreeSet<String> prefixes = new TreeSet<>();
        properties.keySet().stream().filter(k -> !FlumeConfigParser.isForeignKey(k) && k.contains("."))
                .forEach(k -> prefixes.add(k.substring(0, k.indexOf('.'))));
        return prefixes.size() == 1 ? prefixes.first() : pid;
    }
}
