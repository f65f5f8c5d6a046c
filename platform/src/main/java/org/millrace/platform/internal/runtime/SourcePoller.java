package org.millrace.platform.internal.runtime;

import org.millrace.api.PollableSource;
import org.millrace.api.Status;

/**
 * Polls a pollable source on its own thread, as Flume's PollableSourceRunner: back-off
 * {@code min(n × backoffSleepIncrement, maxBackoffSleep)} ms after BACKOFF, maxBackoffSleep after a failure.
 */
final class SourcePoller extends LoopRunner {
    /** Flume's default backoffSleepIncrement, ms. */
    static final long DEFAULT_INCREMENT = 1000;
    /** Flume's default maxBackoffSleep, ms. */
    static final long DEFAULT_MAX = 5000;

    private final PollableSource source;

    SourcePoller(String label, String threadName, PollableSource source, long increment, long max) {
        super(label, threadName, increment, max, max);
        this.source = source;
    }

    @Override
    protected Status step() throws Exception {
        return source.process();
    }
}
