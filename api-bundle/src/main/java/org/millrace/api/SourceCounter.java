package org.millrace.api;

import java.util.Set;

/** Flume's source counters. */
public final class SourceCounter extends ComponentCounter<SourceCounter.Name> {

    /** Counter names, as Flume's SourceCounter MBean attributes. */
    public enum Name {
        /** Events that reached the source. */
        EventReceivedCount,
        /** Events committed to the channels. */
        EventAcceptedCount,
        /** Single-event RPC calls received. */
        AppendReceivedCount,
        /** Single-event RPC calls committed. */
        AppendAcceptedCount,
        /** Batch RPC calls received. */
        AppendBatchReceivedCount,
        /** Batch RPC calls committed. */
        AppendBatchAcceptedCount,
        /** Client connections currently open. */
        OpenConnectionCount,
        /** Input the source could not read (malformed or oversized). */
        EventReadFail,
        /** Puts the channels refused. */
        ChannelWriteFail,
        /** Other failures. */
        GenericProcessingFail
    }

    /** Zeroed counters. */
    public SourceCounter() {
        super("SOURCE", Name.class);
    }

    @Override
    protected Set<String> standardGauges() {
        return Set.of(Name.OpenConnectionCount.name());
    }
}
