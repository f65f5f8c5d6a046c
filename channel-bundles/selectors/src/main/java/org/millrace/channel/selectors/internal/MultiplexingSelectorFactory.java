package org.millrace.channel.selectors.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
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
 * Flume's multiplexing selector ({@code selector.type = multiplexing}): the value of one header picks the
 * channels. {@code selector.mapping.<value>} lists the required channels for a value, {@code selector.optional.<value>}
 * optional ones, {@code selector.default} the required channels when the header is missing, empty or unmapped.
 * A channel both required and optional for a value is required.
 */
@Component(configurationPid = MultiplexingSelectorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=multiplexing",
            ConnectorTypes.TYPE + "=org.apache.flume.channel.MultiplexingChannelSelector"})
@Designate(ocd = MultiplexingSelectorFactory.Config.class, factory = true)
public final class MultiplexingSelectorFactory implements ChannelSelectorFactory {
    static final String PID = "org.millrace.selector.multiplexing";

    /** Flume's fixed properties (the mapping keys are per header value). */
    @ObjectClassDefinition(name = "Millrace multiplexing channel selector",
            description = "Routes each event by the value of one header; selector.mapping.<value> = channels")
    public @interface Config {
        /** The header whose value routes the event. */
        @AttributeDefinition(description = "The header whose value picks the channels")
        String header() default "flume.selector.header";

        /** Channels for events whose header is missing or unmapped. */
        @AttributeDefinition(required = false, description = "Required channels when no mapping matches")
        String default$() default "";
    }

    /** A route per mapped value, optional value and the default, in the order the keys are written. */
    @Override
    public List<SelectorRoute> routes(ComponentConfig config, List<String> channels) {
        String header = config.properties().getOrDefault("header", "flume.selector.header").trim();
        List<SelectorRoute> out = new ArrayList<>();
        config.properties().forEach((key, value) -> {
            boolean optional = key.startsWith("optional.");
            if (optional || key.startsWith("mapping.") || key.equals("default")) {
                String when = key.equals("default") ? "default" : header + "=" + key.substring(key.indexOf('.') + 1);
                for (String channel : value.trim().split("\\s+")) {
                    out.add(new SelectorRoute(channel, when, optional));
                }
            }
        });
        return out;
    }

    @Override
    public ChannelSelector create(ComponentConfig config, Map<String, Channel> channels)
            throws ConfigurationException {
        String header = config.as(Config.class).header();
        List<ConfigProblem> problems = new ArrayList<>();
        List<Channel> fallback = ChannelNames.resolve(config, "default", channels, problems);
        Map<String, List<Channel>> required = new HashMap<>();
        for (String value : config.subset("mapping.").properties().keySet()) {
            List<Channel> mapped = ChannelNames.resolve(config, "mapping." + value, channels, problems);
            required.put(value, List.copyOf(mapped));
        }
        Map<String, List<Channel>> optional = new HashMap<>();
        for (String value : config.subset("optional.").properties().keySet()) {
            List<Channel> listed = ChannelNames.resolve(config, "optional." + value, channels, problems);
            listed.removeAll(required.getOrDefault(value, fallback));
            optional.put(value, List.copyOf(listed));
        }
        ConfigurationException.throwIfAny(problems);
        List<Channel> defaults = List.copyOf(fallback);
        return new ChannelSelector() {
            @Override
            public List<Channel> requiredChannels(Event event) {
                String value = event.header(header);
                if (value == null || value.isBlank()) {
                    return defaults;
                }
                return required.getOrDefault(value, defaults);
            }

            @Override
            public List<Channel> optionalChannels(Event event) {
                String value = event.header(header);
                return value == null ? List.of() : optional.getOrDefault(value, List.of());
            }
        };
    }
}
