package org.millrace.channel.memory.internal;

import org.millrace.api.AtMost;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The memory channel's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace memory channel",
        description = "Flume's memory channel: events in a bounded in-memory queue; fast, lost if the process dies")
public @interface MemoryChannelConfig {

    /** Events the channel holds at most. */
    @AttributeDefinition(min = "1", description = "The maximum number of events stored in the channel")
    int capacity() default 100;

    /** Events one transaction may put or take at most. */
    @AttributeDefinition(min = "1", description = "The maximum number of events the channel will take from a source"
            + " or give to a sink per transaction")
    @AtMost("capacity")
    int transactionCapacity() default 100;

    /** Seconds a commit waits for room. */
    @AttributeDefinition(min = "0", description = "Timeout in seconds for adding or removing an event")
    int keep$_$alive() default 3;

    /** Share of byteCapacity kept free for headers and overhead. */
    @AttributeDefinition(min = "0", max = "100", description = "Defines the percent of buffer between byteCapacity"
            + " and the estimated total size of all events in the channel, to account for data in headers")
    int byteCapacityBufferPercentage() default 20;

    /** Bytes of event bodies held at most; -1 means 80% of the JVM's maximum heap, as in Flume. */
    @AttributeDefinition(min = "-1", description = "Maximum total bytes of memory allowed as a sum of all events in"
            + " this channel (body only); default 80% of the JVM's maximum heap; 0 means no limit")
    long byteCapacity() default -1;
}
