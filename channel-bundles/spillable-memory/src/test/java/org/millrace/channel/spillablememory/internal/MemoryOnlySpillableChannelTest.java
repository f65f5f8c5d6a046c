package org.millrace.channel.spillablememory.internal;

import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ConfigurationException;
import org.millrace.api.testkit.ChannelContract;

/** The channel contract, with overflowCapacity 0: a plain memory channel. */
class MemoryOnlySpillableChannelTest extends ChannelContract {

    @Override
    protected Channel create(Map<String, String> contract) throws ConfigurationException {
        return SpillableMemoryChannelTest.fromContract(contract, Integer.parseInt(contract.get("capacity")), 0);
    }
}
