package org.millrace.channel.selectors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;

/** Resolves a selector property's space-separated channel names against the source's channels. */
final class ChannelNames {
    private ChannelNames() {
    }

    /** The channels named by {@code property}; an unknown name is added to {@code problems}. */
    static List<Channel> resolve(ComponentConfig config, String property, Map<String, Channel> channels,
            List<ConfigProblem> problems) {
        String value = config.get(property);
        List<Channel> out = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return out;
        }
        for (String name : value.split("\\s+")) {
            Channel channel = channels.get(name);
            if (channel == null) {
                problems.add(config.problem(property, "channel '" + name + "' is not one of this source's channels "
                        + channels.keySet()));
            } else if (!out.contains(channel)) {
                out.add(channel);
            }
        }
        return out;
    }
}
