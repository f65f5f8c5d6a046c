package org.millrace.channel.spillablememory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The spillable memory channel's own properties: Flume's names and defaults. Every other property (checkpointDir,
 * dataDirs, ...) belongs to the overflow file channel and is handed to it unchanged, except {@code capacity} and
 * {@code keep-alive}, which this channel sets.
 */
@ObjectClassDefinition(name = "Millrace spillable memory channel",
        description = "Flume's spillable memory channel: events in a bounded in-memory queue that overflows to a file"
                + " channel when full; any file channel property but capacity and keep-alive configures the overflow")
public @interface SpillableMemoryChannelConfig {

    /** Events held in memory at most; 0 sends everything to the overflow. */
    @AttributeDefinition(min = "0", description = "Maximum number of events stored in memory queue; 0 stores every"
            + " event in the overflow")
    int memoryCapacity() default 10000;

    /** Events held in the overflow at most; 0 disables the overflow (a plain memory channel). */
    @AttributeDefinition(min = "0", description = "Maximum number of events stored in overflow disk (i.e File"
            + " channel); 0 disables the overflow")
    int overflowCapacity() default 100000000;

    /** Seconds a commit waits for room in memory before it spills. */
    @AttributeDefinition(min = "0", description = "The number of seconds to wait before enabling disk overflow when"
            + " memory fills up")
    int overflowTimeout() default 3;

    /** Flume's internal setting: percent of memory free again at which puts stop spilling. */
    @AttributeDefinition(min = "0", max = "100", description = "Percent of memory capacity that must be free again"
            + " before puts go to memory instead of the overflow")
    int overflowDeactivationThreshold() default 5;

    /** Share of byteCapacity kept free for headers and overhead. */
    @AttributeDefinition(min = "0", max = "100", description = "Defines the percent of buffer between byteCapacity"
            + " and the estimated total size of all events in the channel, to account for data in headers")
    int byteCapacityBufferPercentage() default 20;

    /** Bytes of event bodies held in memory at most; -1 means 80% of the JVM's maximum heap, as in Flume. */
    @AttributeDefinition(min = "-1", description = "Maximum bytes of memory allowed as a sum of all events in the"
            + " memory queue; default 80% of the JVM's maximum heap; 0 means no limit")
    long byteCapacity() default -1;

    /** The unit, in bytes, in which event bodies are counted against byteCapacity. */
    @AttributeDefinition(min = "1", description = "Estimated average size of events, in bytes, going into the"
            + " channel")
    int avgEventSize() default 500;

    /** Events one transaction may put or take at most; the overflow file channel gets the same limit. */
    @AttributeDefinition(min = "1", description = "The maximum size of transaction supported by the channel")
    int transactionCapacity() default 10000;
}
