package org.millrace.api;

/** Flume's sink counters. */
public final class SinkCounter extends ComponentCounter<SinkCounter.Name> {

    /** Counter names, as Flume's SinkCounter MBean attributes. */
    public enum Name {
        /** Connections opened to the destination. */
        ConnectionCreatedCount,
        /** Connections closed. */
        ConnectionClosedCount,
        /** Connection attempts that failed. */
        ConnectionFailedCount,
        /** Transactions that took no event. */
        BatchEmptyCount,
        /** Transactions that took fewer events than the batch size. */
        BatchUnderflowCount,
        /** Transactions that took a full batch. */
        BatchCompleteCount,
        /** Events taken for delivery. */
        EventDrainAttemptCount,
        /** Events delivered and committed. */
        EventDrainSuccessCount,
        /** Deliveries the destination refused. */
        EventWriteFail,
        /** Takes from the channel that failed. */
        ChannelReadFail
    }

    /** Zeroed counters. */
    public SinkCounter() {
        super("SINK", Name.class);
    }
}
