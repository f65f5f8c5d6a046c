package org.millrace.platform.internal.osgi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.runtime.Agent;
import org.millrace.platform.internal.runtime.ConnectorCatalog;
import org.millrace.platform.internal.runtime.ConnectorCatalog.Kind;
import org.millrace.platform.internal.runtime.FlowValidator;
import org.millrace.platform.internal.runtime.TapPoint;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import static org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE;
import static org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC;
import static org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the agents of this Karaf instance and the catalog of connector factories, which it fills from the
 * service registry (whiteboard): a factory service registered by any bundle with {@value ConnectorTypes#TYPE}
 * becomes available to every agent at once, and leaving takes its components with it.
 */
@Component(service = {Agents.class, AgentHost.class}, immediate = true, reference = {
    @Reference(name = "sourceFactories", service = SourceFactory.class, cardinality = MULTIPLE, policy = DYNAMIC,
            policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory"),
    @Reference(name = "channelFactories", service = ChannelFactory.class, cardinality = MULTIPLE, policy = DYNAMIC,
            policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory"),
    @Reference(name = "sinkFactories", service = SinkFactory.class, cardinality = MULTIPLE, policy = DYNAMIC,
            policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory"),
    @Reference(name = "interceptorFactories", service = InterceptorFactory.class, cardinality = MULTIPLE,
            policy = DYNAMIC, policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory"),
    @Reference(name = "selectorFactories", service = ChannelSelectorFactory.class, cardinality = MULTIPLE,
            policy = DYNAMIC, policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory"),
    @Reference(name = "processorFactories", service = SinkProcessorFactory.class, cardinality = MULTIPLE,
            policy = DYNAMIC, policyOption = GREEDY, bind = "addFactory", unbind = "removeFactory")})
public final class AgentHost implements Agents {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);

    private final ConnectorCatalog catalog = new ConnectorCatalog();
    private final Map<String, Agent> agents = new ConcurrentSkipListMap<>();

    @Deactivate
    void deactivate() {
        agents.values().forEach(Agent::stop);
        agents.clear();
    }

    /** Runs a model as the named agent, creating the agent on first use; returns whether it was applied. */
    public boolean run(FlowModel model) {
        Agent agent = agents.computeIfAbsent(model.agentName(), n -> new Agent(n, catalog));
        return agent.apply(model);
    }

    /** Stops and forgets an agent. */
    public void remove(String agentName) {
        Agent agent = agents.remove(agentName);
        if (agent != null) {
            agent.stop();
            LOG.info("[{}] agent stopped", agentName);
        }
    }

    /** Rebuilds every component of an agent; false if there is no such agent. */
    public boolean reload(String agentName) {
        Agent agent = agents.get(agentName);
        if (agent != null) {
            agent.reload();
        }
        return agent != null;
    }

    /** The model an agent runs. */
    public Optional<FlowModel> model(String agentName) {
        return Optional.ofNullable(agents.get(agentName)).map(Agent::model);
    }

    /**
     * Watches the next events of a source or channel of an agent.
     *
     * @throws IllegalArgumentException if there is no such agent, source or channel
     */
    public TapPoint.Tap tap(String agentName, String component, int n) {
        Agent agent = agents.get(agentName);
        if (agent == null) {
            throw new IllegalArgumentException("No agent named " + agentName);
        }
        return agent.tap(component, n);
    }

    /** Problems a model would meet with the installed connectors, one line each, errors first. */
    public List<String> check(FlowModel model) {
        return FlowValidator.describe(model, catalog);
    }

    @Override
    public List<AgentStatus> list() {
        List<AgentStatus> out = new ArrayList<>();
        agents.values().forEach(a -> out.add(a.status()));
        return out;
    }

    @Override
    public Optional<AgentStatus> get(String name) {
        return Optional.ofNullable(agents.get(name)).map(Agent::status);
    }

    @Override
    public List<String> installedTypes() {
        return catalog.describe();
    }

    // ---- whiteboard: the six factory references share these two methods

    void addFactory(Object factory, ServiceReference<?> ref) {
        List<String> types = types(ref.getProperty(ConnectorTypes.TYPE));
        String provider = ref.getBundle().getSymbolicName();
        for (Kind kind : Kind.values()) {
            if (!kind.factoryType().isInstance(factory)) {
                continue;
            }
            if (types.isEmpty()) {
                LOG.warn("{} factory {} from {} has no {} service property; ignored", kind.word(), factory, provider,
                        ConnectorTypes.TYPE);
                continue;
            }
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            catalog.add(kind, factory, types, ranking instanceof Integer r ? r : 0, provider + " "
                    + ref.getBundle().getVersion());
            LOG.info("{} type {} available from {}", kind.word(), types, provider);
        }
    }

    void removeFactory(Object factory) {
        catalog.remove(factory);
    }

    private static List<String> types(Object property) {
        if (property instanceof String s) {
            return List.of(s);
        }
        if (property instanceof String[] a) {
            return List.of(a);
        }
        if (property instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
