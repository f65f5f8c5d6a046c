package org.millrace.platform.internal.osgi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.SinkFactory;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.SourceFactory;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.FlowShape;
import org.millrace.platform.Agents;
import org.millrace.platform.MissingTypeHandler;
import org.millrace.api.ComponentConfig;
import org.millrace.api.SelectorRoute;
import org.millrace.platform.internal.flow.FlowGraph;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.SourceSpec;
import org.millrace.platform.internal.runtime.Agent;
import org.millrace.platform.internal.runtime.ConnectorCatalog;
import org.millrace.platform.internal.plan.ConnectorKind;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.plan.Planner;
import org.millrace.platform.internal.plan.RunningFlow;
import org.millrace.platform.internal.plan.TypeName;
import org.millrace.platform.internal.runtime.ResourceClaims;
import org.millrace.platform.internal.runtime.TapPoint;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
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
 * becomes available to every agent at once, and leaving takes its components with it. Plug-ins of connectors
 * (serializers, sink selectors: any other service registered with {@value ConnectorTypes#TYPE}) are found by the
 * connectors that use them; their arrival or departure makes every agent plan again, so components waiting for
 * one start, and components built with one that left stop and wait for it. Types a flow names that no bundle
 * provides are told to every {@link MissingTypeHandler}.
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
    private final ResourceClaims claims = new ResourceClaims();
    private final Map<String, Agent> agents = new ConcurrentSkipListMap<>();
    private final List<MissingTypeHandler> missingTypeHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ServiceListener plugins = event -> {
        if (isFactory(event.getServiceReference())) {
            return; // the references below track component factories
        }
        if (event.getType() == ServiceEvent.REGISTERED || event.getType() == ServiceEvent.UNREGISTERING) {
            agents.values().forEach(Agent::pluginsChanged);
        }
    };
    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) throws InvalidSyntaxException {
        context = bundleContext;
        context.addServiceListener(plugins, "(" + ConnectorTypes.TYPE + "=*)");
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(plugins);
        agents.values().forEach(Agent::stop);
        agents.clear();
    }

    /** Runs a model as the named agent, creating the agent on first use; returns whether it was applied. */
    public boolean run(FlowModel model) {
        Agent agent = agents.computeIfAbsent(model.agentName(),
                n -> new Agent(n, catalog, claims, a -> tellMissing(missingTypeHandlers, a)));
        return agent.apply(model);
    }

    @Reference(cardinality = MULTIPLE, policy = DYNAMIC, policyOption = GREEDY)
    void addMissingTypeHandler(MissingTypeHandler handler) {
        missingTypeHandlers.add(handler);
        agents.values().forEach(a -> tellMissing(List.of(handler), a));
    }

    void removeMissingTypeHandler(MissingTypeHandler handler) {
        missingTypeHandlers.remove(handler);
    }

    /**
     * Tells the handlers of each type the agent's model names that no factory provides (defaults included, and
     * components refused for other reasons), and of each plug-in type its components wait for.
     */
    private void tellMissing(List<MissingTypeHandler> handlers, Agent agent) {
        if (handlers.isEmpty()) {
            return;
        }
        Set<Map.Entry<String, String>> missing = new LinkedHashSet<>();
        for (TypeName t : TypeName.in(agent.model())) {
            if (catalog.find(t.kind(), t.type()) == null) {
                missing.add(Map.entry(t.kind().word(), t.type()));
            }
        }
        missing.addAll(agent.missingTypes());
        for (Map.Entry<String, String> t : missing) {
            for (MissingTypeHandler handler : handlers) {
                try {
                    handler.missing(agent.name(), t.getKey(), t.getValue());
                } catch (RuntimeException e) {
                    LOG.warn("[{}] {} failed on missing {} type '{}'", agent.name(), handler, t.getKey(),
                            t.getValue(), e);
                }
            }
        }
    }

    /** What running a model as that agent would do now, without doing it; empty if there is no such agent. */
    public FlowPlan plan(String agentName, FlowModel next) {
        Agent agent = agents.get(agentName);
        return agent != null ? agent.planFor(next)
                : Planner.plan(RunningFlow.nothing(), next, catalog, claims.heldByOthers(agentName));
    }

    /** Whether an agent of this name runs here. */
    public boolean runs(String agentName) {
        return agents.containsKey(agentName);
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

    @Override
    public Optional<FlowShape> graph(String agentName) {
        return model(agentName).map(m -> FlowGraph.shape(m, s -> routes(agentName, s)));
    }

    private List<SelectorRoute> routes(String agentName, SourceSpec source) {
        ChannelSelectorFactory selector = catalog.find(ConnectorKind.SELECTOR, source.selector().type());
        ComponentConfig config = source.selector().config(agentName);
        return selector == null ? SelectorRoute.toAll(source.channels()) : selector.routes(config, source.channels());
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

    /**
     * Problems a model would meet with the installed connectors and beside the running agents, one line each,
     * errors first, as if it started an agent of its own.
     */
    public List<String> check(FlowModel model) {
        return Planner.plan(RunningFlow.nothing(), model, catalog, claims.heldByOthers(model.agentName()))
                .findingLines();
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
        List<String> types = ConnectorTypes.names(ref.getProperty(ConnectorTypes.TYPE));
        String provider = ref.getBundle().getSymbolicName();
        for (ConnectorKind kind : ConnectorKind.values()) {
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

    private static boolean isFactory(ServiceReference<?> ref) {
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[] names) {
            for (String name : names) {
                for (ConnectorKind kind : ConnectorKind.values()) {
                    if (kind.factoryType().getName().equals(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
