package org.millrace.api;

import java.util.Map;
import java.util.Set;

/** Flume's channel counters, plus the size and capacity gauges the channel keeps current. */
public final class ChannelCounter extends ComponentCounter<ChannelCounter.Name> {
    private volatile long channelSize;
    private volatile long channelCapacity;

    /** Counter names, as Flume's ChannelCounter MBean attributes. */
    public enum Name {
        /** Events offered in puts. */
        EventPutAttemptCount,
        /** Take attempts. */
        EventTakeAttemptCount,
        /** Events committed by puts. */
        EventPutSuccessCount,
        /** Events committed by takes. */
        EventTakeSuccessCount,
        /** Put commits that failed on storage (file channel). */
        EventPutErrorCount,
        /** Takes or take commits that failed on storage (file channel). */
        EventTakeErrorCount,
        /** Checkpoints that could not be written (file channel). */
        CheckpointWriteErrorCount,
        /** Backup checkpoints that could not be written (file channel). */
        CheckpointBackupWriteErrorCount
    }

    /** Zeroed counters. */
    public ChannelCounter() {
        super("CHANNEL", Name.class);
    }

    /** Sets the number of committed events held. */
    public void setChannelSize(long size) {
        channelSize = size;
    }

    /** Committed events held. */
    public long getChannelSize() {
        return channelSize;
    }

    /** Sets the capacity in events. */
    public void setChannelCapacity(long capacity) {
        channelCapacity = capacity;
    }

    /** Capacity in events. */
    public long getChannelCapacity() {
        return channelCapacity;
    }

    @Override
    protected Set<String> standardGauges() {
        return Set.of("ChannelSize", "ChannelCapacity", "ChannelFillPercentage");
    }

    @Override
    protected void addGauges(Map<String, Object> out) {
        long size = channelSize;
        long capacity = channelCapacity;
        out.put("ChannelSize", size);
        out.put("ChannelCapacity", capacity);
        out.put("ChannelFillPercentage", capacity == 0 ? Double.MAX_VALUE : size * 100.0 / capacity);
    }
}
