package org.millrace.channel.spillablememory.internal;

import java.util.Map;
import org.millrace.api.Channel;
import org.millrace.api.ConfigurationException;
import org.millrace.api.testkit.ChannelContract;

/** The channel contract, with memoryCapacity 0: every event goes through the overflow. */
class OverflowOnlySpillableChannelTest extends ChannelContract {

    @Override
    protected Channel create(Map<String, String> contract) throws ConfigurationException {
        return SpillableMemoryChannelTest.fromContract(contract, 0, Integer.parseInt(contract.get("capacity")));
    }
}
