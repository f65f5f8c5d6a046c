package org.millrace.channel.spillablememory.internal;

import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the spillable memory channel for Flume's type {@code spillablememory}. Its overflow is a channel of type
 * {@code file}, made by whichever bundle registers that type: this factory is there only while one is.
 */
@Component(configurationPid = SpillableMemoryChannelFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=spillablememory",
                ConnectorTypes.TYPE + "=org.apache.flume.channel.SpillableMemoryChannel"})
@Designate(ocd = SpillableMemoryChannelConfig.class, factory = true)
public final class SpillableMemoryChannelFactory implements ChannelFactory {
    /** Where the metatype of the channel's own properties is published. */
    static final String PID = "org.millrace.channel.spillablememory";
    private static final Logger LOG = LoggerFactory.getLogger(SpillableMemoryChannelFactory.class);

    private final ChannelFactory fileChannels;

    /** @param fileChannels the factory of the file channels that serve as overflow */
    @Activate
    public SpillableMemoryChannelFactory(
            @Reference(target = "(" + ConnectorTypes.TYPE + "=" + OverflowConfig.TYPE + ")") ChannelFactory fileChannels) {
        this.fileChannels = fileChannels;
    }

    /** Validates the configuration, the overflow's included, and builds the channel; opens nothing. */
    @Override
    public Channel create(ComponentConfig config) throws ConfigurationException {
        SpillableMemoryChannel.Settings settings = settings(config);
        String label = config.agentName() + "/" + config.componentName();
        for (String property : OverflowConfig.OVERRIDDEN) {
            if (config.get(property) != null) {
                LOG.warn("[{}] {} = {} is ignored: the spillable memory channel sets it for its overflow", label,
                        config.key(property), config.get(property));
            }
        }
        if (settings.overflowCapacity() == 0) {
            return new SpillableMemoryChannel(label, settings, null, null);
        }
        ComponentConfig overflowConfig = OverflowConfig.of(config, settings.overflowCapacity());
        try {
            return new SpillableMemoryChannel(label, settings, fileChannels.create(overflowConfig), overflowConfig);
        } catch (ConfigurationException e) {
            throw OverflowConfig.inSpillableTerms(e, config);
        }
    }

    /** Converts and checks the channel's own properties; every problem is reported at once. */
    static SpillableMemoryChannel.Settings settings(ComponentConfig config) throws ConfigurationException {
        SpillableMemoryChannelConfig c = config.as(SpillableMemoryChannelConfig.class);
        if (c.overflowCapacity() == 0 && c.memoryCapacity() == 0) {
            throw new ConfigurationException(config.problem("overflowCapacity",
                    "cannot be 0 when memoryCapacity is 0 too"));
        }
        return new SpillableMemoryChannel.Settings(c.memoryCapacity(), c.overflowCapacity(), c.overflowTimeout(),
                c.overflowDeactivationThreshold() / 100.0,
                byteSlots(c.byteCapacity(), c.byteCapacityBufferPercentage(), c.avgEventSize()), c.avgEventSize(),
                c.transactionCapacity());
    }

    /**
     * Flume's byte accounting: bodies are counted in units of avgEventSize, and byteCapacity less the buffer
     * percentage is the number of units allowed. 0 (or a value too small for one unit) means no limit, as in Flume.
     */
    static long byteSlots(long byteCapacity, int bufferPercentage, int avgEventSize) {
        long bytes = byteCapacity == -1 ? (long) (Runtime.getRuntime().maxMemory() * 0.8) : byteCapacity;
        long slots = (long) ((bytes * (1 - bufferPercentage * .01)) / avgEventSize);
        return slots < 1 ? Long.MAX_VALUE : slots;
    }
}
