package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ChannelSelector;
import org.millrace.api.ChannelSelectorFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;
import org.millrace.api.SelectorRoute;

/**
 * Flume's default selector: every event to every channel of the source; the channels named in
 * {@code selector.optional} are optional (their failures do not fail the put).
 */
final class ReplicatingSelector implements ChannelSelector {
    /** Type names it answers to. */
    static final List<String> TYPES = List.of("replicating", "org.apache.flume.channel.ReplicatingChannelSelector");

    private final List<Channel> required;
    private final List<Channel> optional;

    ReplicatingSelector(List<Channel> required, List<Channel> optional) {
        this.required = List.copyOf(required);
        this.optional = List.copyOf(optional);
    }

    @Override
    public List<Channel> requiredChannels(Event event) {
        return required;
    }

    @Override
    public List<Channel> optionalChannels(Event event) {
        return optional;
    }

    /** The required channels, when no channel is optional: the route can skip per-event selection. */
    List<Channel> allRequiredOrNull() {
        return optional.isEmpty() ? required : null;
    }

    /** Builds replicating selectors. */
    static final class Factory implements ChannelSelectorFactory {
        @Override
        public List<SelectorRoute> routes(ComponentConfig config, List<String> channels) {
            List<String> optional = optionalNames(config);
            return channels.stream().map(c -> new SelectorRoute(c, null, optional.contains(c))).toList();
        }

        private static List<String> optionalNames(ComponentConfig config) {
            String optionalList = config.get("optional");
            return optionalList == null ? List.of() : List.of(optionalList.split("\\s+"));
        }

        @Override
        public ChannelSelector create(ComponentConfig config, Map<String, Channel> channels)
                throws ConfigurationException {
            List<String> optionalNames = optionalNames(config);
            for (String name : optionalNames) {
                if (!channels.containsKey(name)) {
                    throw new ConfigurationException(config.problem("optional",
                            "channel '" + name + "' is not one of this source's channels " + channels.keySet()));
                }
            }
            List<Channel> required = new ArrayList<>();
            List<Channel> optional = new ArrayList<>();
            channels.forEach((name, channel) -> (optionalNames.contains(name) ? optional : required).add(channel));
            return new ReplicatingSelector(required, optional);
        }
    }
}
