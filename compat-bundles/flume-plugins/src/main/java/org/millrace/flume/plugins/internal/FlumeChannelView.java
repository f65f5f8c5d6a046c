package org.millrace.flume.plugins.internal;

import static org.millrace.api.SinkCounter.Name.BatchCompleteCount;
import static org.millrace.api.SinkCounter.Name.BatchEmptyCount;
import static org.millrace.api.SinkCounter.Name.BatchUnderflowCount;
import static org.millrace.api.SinkCounter.Name.EventDrainAttemptCount;
import static org.millrace.api.SinkCounter.Name.EventDrainSuccessCount;

import org.apache.flume.Event;
import org.apache.flume.lifecycle.LifecycleState;
import org.millrace.api.Channel;
import org.millrace.api.SinkCounter;

/**
 * A Millrace channel as a Flume sink sees its channel: {@code getTransaction()} gives the calling thread's
 * transaction (the open one, or a new one once the last was closed), and {@code take()} and {@code put()} act in
 * it, as Flume's channels do. Keeps the sink's batch and drain counters (a batch that ends on an empty take is an
 * underflow); a Flume sink keeps its own in its own counter too.
 */
final class FlumeChannelView implements org.apache.flume.Channel {
    private final Channel channel;
    private final SinkCounter counter;
    private final ThreadLocal<TransactionView> current = new ThreadLocal<>();
    private String name;

    FlumeChannelView(Channel channel, SinkCounter counter, String name) {
        this.channel = channel;
        this.counter = counter;
        this.name = name;
    }

    @Override
    public org.apache.flume.Transaction getTransaction() {
        TransactionView tx = current.get();
        if (tx == null) {
            tx = new TransactionView(channel.newTransaction());
            current.set(tx);
        }
        return tx;
    }

    private TransactionView open() {
        TransactionView tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("no transaction exists for this thread: call getTransaction() and"
                    + " begin() first");
        }
        return tx;
    }

    @Override
    public void put(Event event) {
        ForwardingChannelProcessor.forward(() -> open().tx.put(FlumeEventView.toMillrace(event)));
    }

    @Override
    public Event take() {
        TransactionView tx = open();
        org.millrace.api.Event event = ForwardingChannelProcessor.forwardCall(tx.tx::take);
        if (event == null) {
            tx.ranDry = true;
            return null;
        }
        tx.taken++;
        counter.increment(EventDrainAttemptCount);
        return new FlumeEventView(event);
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public LifecycleState getLifecycleState() {
        return LifecycleState.START;
    }

    @Override
    public void setName(String newName) {
        name = newName;
    }

    @Override
    public String getName() {
        return name;
    }

    /** A Millrace transaction as Flume's; closing it lets the thread's next getTransaction() open a new one. */
    private final class TransactionView implements org.apache.flume.Transaction {
        private final org.millrace.api.Transaction tx;
        private int taken;
        /** Whether the sink asked for more than the channel had: it stopped short of its batch. */
        private boolean ranDry;

        TransactionView(org.millrace.api.Transaction tx) {
            this.tx = tx;
        }

        @Override
        public void begin() {
            tx.begin();
        }

        @Override
        public void commit() {
            ForwardingChannelProcessor.forward(tx::commit);
            counter.increment(taken == 0 ? BatchEmptyCount : ranDry ? BatchUnderflowCount : BatchCompleteCount);
            counter.add(EventDrainSuccessCount, taken);
        }

        @Override
        public void rollback() {
            ForwardingChannelProcessor.forward(tx::rollback);
        }

        @Override
        public void close() {
            if (current.get() == this) {
                current.remove();
            }
            tx.close();
        }
    }
}
