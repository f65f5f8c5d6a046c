package org.millrace.api;

import java.util.List;
import java.util.Map;

/**
 * Creates channel selectors of the types this service is registered for (a source's {@code selector.type}).
 * Side-effect free, like every factory.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ChannelSelectorFactory {

    /**
     * A selector over the source's channels.
     *
     * @param config the source's {@code selector.*} properties, prefix removed
     * @param channels the source's channels by name, in the order its {@code channels} key lists them
     * @throws ConfigurationException e.g. for a mapping to a channel the source does not write to
     */
    ChannelSelector create(ComponentConfig config, Map<String, Channel> channels) throws ConfigurationException;

    /**
     * How selectors of this configuration route events to the source's channels, for pictures of the flow; side
     * effect free. The default: every event to every channel.
     *
     * @param config the source's {@code selector.*} properties, prefix removed
     * @param channels the source's channel names, in configured order
     */
    default List<SelectorRoute> routes(ComponentConfig config, List<String> channels) {
        return SelectorRoute.toAll(channels);
    }
}
