package org.millrace.sink.processors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkProcessor;
import org.millrace.api.SinkProcessorFactory;
import org.millrace.api.Status;
import org.millrace.sink.processors.SinkSelector;
import org.millrace.sink.processors.SinkSelectorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's load_balance processor: each round tries the group's sinks in the selector's order until one delivers;
 * only if all fail does the round fail. Selectors: {@code round_robin} (default), {@code random}, or any
 * {@link SinkSelectorFactory} service a bundle registers.
 */
@Component(configurationPid = LoadBalanceProcessorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=load_balance",
            ConnectorTypes.TYPE + "=org.apache.flume.sink.LoadBalancingSinkProcessor"})
@Designate(ocd = LoadBalanceProcessorFactory.Config.class, factory = true)
public final class LoadBalanceProcessorFactory implements SinkProcessorFactory {
    static final String PID = "org.millrace.processor.load_balance";
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalanceProcessorFactory.class);

    private final Map<String, SinkSelectorFactory> customSelectors = new ConcurrentHashMap<>();

    /** Flume's properties and defaults (under processor.). */
    @ObjectClassDefinition(name = "Millrace load_balance sink processor",
            description = "Spreads a sink group's work over its sinks")
    public @interface Config {
        /** Whether failed sinks are left out for a while. */
        @AttributeDefinition(description = "Should failed sinks be backed off exponentially")
        boolean backoff() default false;

        /** round_robin, random, or a custom selector's type. */
        @AttributeDefinition(description = "Selection mechanism: round_robin, random, or a custom selector's type")
        String selector() default "round_robin";

        /** The longest back-off of a failed sink, ms. */
        @AttributeDefinition(min = "0", description = "Used by backoff selectors to limit exponential backoff (ms)")
        long selector_maxTimeOut() default 30000;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSelector(SinkSelectorFactory factory, Map<String, Object> properties) {
        ConnectorTypes.names(properties.get(ConnectorTypes.TYPE)).forEach(n -> customSelectors.put(n, factory));
    }

    void removeSelector(SinkSelectorFactory factory) {
        customSelectors.values().removeIf(f -> f == factory);
    }

    @Override
    public SinkProcessor create(ComponentConfig config, Map<String, Sink> sinks) throws ConfigurationException {
        Config c = config.as(Config.class);
        List<ConfigProblem> problems = new ArrayList<>();
        if (sinks.size() < 2) {
            problems.add(config.problem("type", "load_balance needs at least two sinks, the group has "
                    + sinks.size()));
        }
        ConfigurationException.throwIfAny(problems);
        List<String> names = List.copyOf(sinks.keySet());
        SinkSelector selector = switch (c.selector().toLowerCase(Locale.ROOT)) {
            case "round_robin" -> new OrderSelector(names, false, c.backoff(), c.selector_maxTimeOut());
            case "random" -> new OrderSelector(names, true, c.backoff(), c.selector_maxTimeOut());
            default -> {
                SinkSelectorFactory custom = customSelectors.get(c.selector().toLowerCase(Locale.ROOT));
                if (custom == null) {
                    throw new ConfigurationException(ConfigProblem.typeNotInstalled(config.key("selector"),
                            c.selector(), "sink selector"));
                }
                yield custom.create(config.subset("selector."), names);
            }
        };
        String label = config.agentName() + "/" + config.componentName();
        return () -> process(label, selector, sinks);
    }

    private static Status process(String label, SinkSelector selector, Map<String, Sink> sinks)
            throws EventDeliveryException {
        for (String name : selector.order()) {
            try {
                Status status = sinks.get(name).process();
                if (status == Status.READY) {
                    selector.delivered(name);
                }
                return status;
            } catch (Exception e) {
                selector.failed(name);
                LOG.warn("[{}] sink {} failed, trying the next one: {}", label, name, e.getMessage());
            }
        }
        throw new EventDeliveryException("[" + label + "] All configured sinks have failed");
    }
}
