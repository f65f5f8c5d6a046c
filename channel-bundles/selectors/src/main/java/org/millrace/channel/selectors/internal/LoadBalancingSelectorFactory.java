package org.millrace.channel.selectors.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.millrace.api.Channel;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.api.SelectorRoute;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Flume's load-balancing selector ({@code selector.type = load_balancing}): each event goes to one of the source's
 * channels, in turn ({@code round_robin}) or at random.
 */
@Component(configurationPid = LoadBalancingSelectorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=load_balancing",
            ConnectorTypes.TYPE + "=org.apache.flume.channel.LoadBalancingChannelSelector"})
@Designate(ocd = LoadBalancingSelectorFactory.Config.class, factory = true)
public final class LoadBalancingSelectorFactory implements ChannelSelectorFactory {
    static final String PID = "org.millrace.selector.load_balancing";

    /** How the channel is chosen. */
    public enum Policy {
        /** In turn. */
        ROUND_ROBIN,
        /** At random. */
        RANDOM
    }

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace load-balancing channel selector",
            description = "Spreads events over the source's channels, one channel per event")
    public @interface Config {
        /** round_robin or random. */
        @AttributeDefinition(description = "Selection mechanism: round_robin or random")
        Policy policy() default Policy.ROUND_ROBIN;
    }

    /** Each channel takes a share of the events: one of them per event, in turn or at random. */
    @Override
    public List<SelectorRoute> routes(ComponentConfig config, List<String> channels) {
        String policy = config.properties().getOrDefault("policy", "round_robin").trim().toLowerCase(
                java.util.Locale.ROOT);
        return channels.stream().map(c -> new SelectorRoute(c, "one per event, " + policy, false)).toList();
    }

    @Override
    public ChannelSelector create(ComponentConfig config, Map<String, Channel> channels)
            throws ConfigurationException {
        Policy policy = config.as(Config.class).policy();
        List<List<Channel>> single = channels.values().stream().map(List::of).toList();
        AtomicInteger next = new AtomicInteger();
        return new ChannelSelector() {
            @Override
            public List<Channel> requiredChannels(Event event) {
                int i = policy == Policy.RANDOM ? ThreadLocalRandom.current().nextInt(single.size())
                        : Math.floorMod(next.getAndIncrement(), single.size());
                return single.get(i);
            }

            @Override
            public List<Channel> optionalChannels(Event event) {
                return List.of();
            }
        };
    }
}
