package org.millrace.platform.internal.plan;

import org.millrace.api.Channel;
import org.millrace.api.ChannelContext;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.Status;
import org.millrace.api.Transaction;

/** Stand-ins handed to selector and processor factories when a configuration is only being checked. */
final class Placeholders {
    private Placeholders() {
    }

    /** A channel that is never started. */
    static Channel channel() {
        return new Channel() {
            @Override
            public void start(ChannelContext context) {
                throw new UnsupportedOperationException("placeholder");
            }

            @Override
            public Transaction newTransaction() {
                throw new UnsupportedOperationException("placeholder");
            }

            @Override
            public long size() {
                return 0;
            }

            @Override
            public int transactionCapacity() {
                return Integer.MAX_VALUE;
            }

            @Override
            public void stop() {
            }
        };
    }

    /** A sink that is never started. */
    static Sink sink() {
        return new Sink() {
            @Override
            public void start(SinkContext context) {
                throw new UnsupportedOperationException("placeholder");
            }

            @Override
            public Status process() {
                return Status.BACKOFF;
            }

            @Override
            public void stop() {
            }
        };
    }
}
