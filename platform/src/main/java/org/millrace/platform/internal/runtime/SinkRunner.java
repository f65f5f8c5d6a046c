package org.millrace.platform.internal.runtime;

import java.util.function.Supplier;
import org.millrace.api.Channel;
import org.millrace.api.SinkProcessor;
import org.millrace.api.Status;

/**
 * Runs a sink processor (a lone sink's or a group's) on its own thread, as Flume's SinkRunner: back-off
 * {@code min(n × 1000, 5000)} ms after BACKOFF, 5000 ms after a failure. The back-off ends early when the
 * drained channel receives events, so delivery after an idle spell is immediate.
 */
final class SinkRunner extends LoopRunner {
    private final SinkProcessor processor;
    private final Supplier<Channel> channel;

    /** @param channel the channel to watch while idle, or a supplier of null when the members drain several */
    SinkRunner(String label, String threadName, SinkProcessor processor, Supplier<Channel> channel) {
        super(label, threadName, 1000, 5000, 5000);
        this.processor = processor;
        this.channel = channel;
    }

    @Override
    protected Status step() throws Exception {
        return processor.process();
    }

    /**
     * After draining the channel, wait a millisecond before looking again: under load the next batches arrive
     * within it, and the sink takes them without being woken for each one (a wake-up per commit cost more than
     * the delivery). An idle flow adds at most this millisecond of latency.
     */
    @Override
    protected long lingerMillis() {
        return 1;
    }

    @Override
    protected void idle(long millis) throws InterruptedException {
        Channel c = channel.get();
        if (c == null) {
            super.idle(millis);
        } else {
            c.awaitEvents(millis);
        }
    }
}
