package org.millrace.sink.processors.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkProcessor;
import org.millrace.api.SinkProcessorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's failover processor: the live sink with the highest {@code priority.<sink>} delivers; a sink that fails
 * is parked for {@code min(maxpenalty, 2^n s)} after its n-th failure in a row, then tried again.
 */
@Component(configurationPid = FailoverProcessorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=failover", ConnectorTypes.TYPE + "=org.apache.flume.sink.FailoverSinkProcessor"})
@Designate(ocd = FailoverProcessorFactory.Config.class, factory = true)
public final class FailoverProcessorFactory implements SinkProcessorFactory {
    static final String PID = "org.millrace.processor.failover";

    /** Flume's properties and defaults (under processor.; priority.&lt;sink&gt; per sink). */
    @ObjectClassDefinition(name = "Millrace failover sink processor",
            description = "Delivers through the highest-priority sink that works; priority.<sink> = number")
    public @interface Config {
        /** The longest a failed sink is parked, ms. */
        @AttributeDefinition(min = "0", description = "The maximum backoff period for the failed Sink (in millis)")
        int maxpenalty() default 30000;
    }

    @Override
    public SinkProcessor create(ComponentConfig config, Map<String, Sink> sinks) throws ConfigurationException {
        int maxPenalty = config.as(Config.class).maxpenalty();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<Integer, String> byPriority = new LinkedHashMap<>();
        int unset = 0;
        for (String sink : sinks.keySet()) {
            String key = "priority." + sink;
            String value = config.get(key);
            int priority;
            if (value == null) {
                priority = --unset; // as Flume: unset priorities are -1, -2, ... in list order
            } else {
                try {
                    priority = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    problems.add(config.problem(key, "not a whole number"));
                    continue;
                }
            }
            String other = byPriority.putIfAbsent(priority, sink);
            if (other != null) {
                problems.add(config.problem(key, "sink " + other + " has the same priority; priorities must differ"
                        + " (Flume would silently leave " + sink + " out)"));
            }
        }
        config.passThrough("priority.").keySet().stream().filter(s -> !sinks.containsKey(s))
                .forEach(s -> problems.add(config.problem("priority." + s, "'" + s + "' is not a sink of this group "
                        + sinks.keySet())));
        ConfigurationException.throwIfAny(problems);
        Map<String, Integer> priorities = new LinkedHashMap<>();
        byPriority.forEach((p, s) -> priorities.put(s, p));
        return new FailoverProcessor(config.agentName() + "/" + config.componentName(), sinks, priorities, maxPenalty);
    }
}
