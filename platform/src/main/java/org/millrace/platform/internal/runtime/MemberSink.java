package org.millrace.platform.internal.runtime;

import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.Status;

/**
 * What a sink processor holds for each member sink: a stand-in whose sink instance the agent swaps while the
 * runner is paused, so replacing a member keeps the processor and its state (failover penalties, round-robin
 * position). The platform starts and stops the real sinks; the processor only calls {@link #process()}.
 */
final class MemberSink implements Sink {
    private volatile Sink target;

    MemberSink(Sink target) {
        this.target = target;
    }

    /** Points the stand-in at the member's current instance. */
    void target(Sink sink) {
        target = sink;
    }

    @Override
    public void start(SinkContext context) {
        throw new UnsupportedOperationException("the platform starts member sinks");
    }

    @Override
    public Status process() throws EventDeliveryException {
        return target.process();
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("the platform stops member sinks");
    }
}
