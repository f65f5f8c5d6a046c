package org.millrace.monitoring.jmx.internal;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.MonitoredNames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one MBean per started source, channel and sink of every agent in the platform MBean server, under Flume's
 * ObjectName ({@code org.apache.flume.source:type=r1}; {@link MonitoredNames} says when the agent's name is added),
 * with Flume's attributes read live from the component's counters. Agents come and go with their configurations,
 * so the set is brought up to date every second on a thread of its own.
 */
@Component(immediate = true)
public final class FlumeMBeans {
    private static final Logger LOG = LoggerFactory.getLogger(FlumeMBeans.class);
    private static final long SYNC_SECONDS = 1;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    /** What this bundle registered; touched by the sync thread only (and by deactivate once it has stopped). */
    private final Map<ObjectName, ComponentMBean> registered = new HashMap<>();
    private ScheduledExecutorService syncThread;

    @Reference
    Agents agents;

    @Activate
    void activate() {
        syncThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "millrace-monitoring-jmx"));
        syncThread.scheduleWithFixedDelay(this::syncQuietly, 0, SYNC_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        syncThread.shutdownNow();
        syncThread.awaitTermination(10, TimeUnit.SECONDS);
        registered.keySet().forEach(this::unregister);
        registered.clear();
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("[monitoring] JMX MBeans not brought up to date: {}", e.toString(), e);
        }
    }

    /** Registers the MBeans of components that started, and unregisters those of components that are gone. */
    void sync() {
        List<AgentStatus> all = agents.list();
        MonitoredNames names = MonitoredNames.of(all);
        Map<ObjectName, ComponentMBean> wanted = new HashMap<>();
        for (AgentStatus a : all) {
            for (ComponentStatus c : a.components()) {
                if (c.kind() != ComponentKind.SINK_GROUP && !c.counters().isEmpty()) {
                    wanted.put(objectName(c.kind(), names.of(a, c)),
                            new ComponentMBean(agents, a.name(), c.kind(), c.name()));
                }
            }
        }
        registered.entrySet().removeIf(e -> {
            boolean stale = !e.getValue().equals(wanted.get(e.getKey()));
            if (stale) {
                unregister(e.getKey());
            }
            return stale;
        });
        wanted.forEach((name, bean) -> {
            if (!registered.containsKey(name)) {
                register(name, bean);
            }
        });
    }

    /** Flume's name: {@code org.apache.flume.<kind>:type=<name>}, the value quoted only if JMX needs it. */
    static ObjectName objectName(ComponentKind kind, String name) {
        String domain = "org.apache.flume." + kind.id();
        try {
            return new ObjectName(domain, "type", name);
        } catch (MalformedObjectNameException e) {
            try {
                return new ObjectName(domain, "type", ObjectName.quote(name));
            } catch (MalformedObjectNameException impossible) {
                throw new IllegalArgumentException(impossible);
            }
        }
    }

    private void register(ObjectName name, ComponentMBean bean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // as Flume does: the newest component owns the name
            }
            server.registerMBean(bean, name);
            registered.put(name, bean);
        } catch (JMException e) {
            LOG.warn("[{}] MBean {} not registered: {}", bean.agent(), name, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("MBean {} was already gone: {}", name, e.toString());
        }
    }
}
