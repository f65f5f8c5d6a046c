package org.millrace.platform.internal.runtime;

import org.millrace.api.PollableSource;
import org.millrace.api.Status;

/**
 * Polls a pollable source on its own thread, as Flume's PollableSourceRunner: back-off
 * {@code min(n × backoffSleepIncrement, maxBackoffSleep)} ms after BACKOFF, maxBackoffSleep after a failure, with
 * the two values the source gives.
 */
final class SourcePoller extends LoopRunner {
    private final PollableSource source;

    SourcePoller(String label, String threadName, PollableSource source) {
        super(label, threadName, source.backoffSleepIncrement(), source.maxBackoffSleep(), source.maxBackoffSleep());
        this.source = source;
    }

    @Override
    protected Status step() throws Exception {
        return source.process();
    }
}
