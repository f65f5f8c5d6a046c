package org.millrace.channel.memory.internal;

import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the memory channel for Flume's type {@code memory}. */
@Component(configurationPid = MemoryChannelFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=memory", ConnectorTypes.TYPE + "=org.apache.flume.channel.MemoryChannel"})
@Designate(ocd = MemoryChannelConfig.class, factory = true)
public final class MemoryChannelFactory implements ChannelFactory {
    /** Where the metatype of the channel's properties is published. */
    static final String PID = "org.millrace.channel.memory";

    @Override
    public Channel create(ComponentConfig config) throws ConfigurationException {
        return new MemoryChannel(settings(config));
    }

    /** Converts and checks a configuration; every problem is reported at once. */
    static MemoryChannel.Settings settings(ComponentConfig config) throws ConfigurationException {
        MemoryChannelConfig c = config.as(MemoryChannelConfig.class);
        return new MemoryChannel.Settings(c.capacity(), c.transactionCapacity(), c.keep$_$alive(),
                slots(c.byteCapacity(), c.byteCapacityBufferPercentage()));
    }

    /**
     * Flume's byte accounting: bodies are counted in 100-byte slots, and byteCapacity less the buffer percentage
     * is the number of slots allowed. 0 (or a value too small to hold one slot) means no limit, as in Flume.
     */
    static long slots(long byteCapacity, int bufferPercentage) {
        long bytes = byteCapacity == -1 ? (long) (Runtime.getRuntime().maxMemory() * 0.8) : byteCapacity;
        long slots = (long) ((bytes * (1 - bufferPercentage * .01)) / MemoryChannel.SLOT_BYTES);
        return slots < 1 ? Long.MAX_VALUE : slots;
    }
}
