package org.millrace.flume.plugins.internal;

import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;

import java.util.List;
import org.apache.flume.Event;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.ReplicatingChannelSelector;
import org.millrace.api.ChannelException;
import org.millrace.api.ChannelFullException;
import org.millrace.api.SourceCounter;

/**
 * The {@link ChannelProcessor} a Flume source is given: its events go to the Millrace source's channel processor
 * (Millrace's interceptors, selector and channels); a channel's refusal comes back as Flume's exception, so the
 * source reacts as it would in Flume. Flume's own selector and interceptor chain in it stay empty.
 */
final class ForwardingChannelProcessor extends ChannelProcessor {
    private final org.millrace.api.ChannelProcessor target;
    private final SourceCounter counter;

    ForwardingChannelProcessor(org.millrace.api.ChannelProcessor target, SourceCounter counter) {
        super(new ReplicatingChannelSelector());
        this.target = target;
        this.counter = counter;
    }

    @Override
    public void processEvent(Event event) {
        counter.increment(EventReceivedCount);
        forward(() -> target.processEvent(FlumeEventView.toMillrace(event)));
        counter.increment(EventAcceptedCount);
    }

    @Override
    public void processEventBatch(List<Event> events) {
        counter.add(EventReceivedCount, events.size());
        forward(() -> target.processEventBatch(FlumeEventView.toMillrace(events)));
        counter.add(EventAcceptedCount, events.size());
    }

    /** Runs a delivery, a Millrace channel's refusal thrown as Flume's. */
    static void forward(Runnable delivery) {
        forwardCall(() -> {
            delivery.run();
            return null;
        });
    }

    /** Runs a channel call, a Millrace channel's refusal thrown as Flume's. */
    static <T> T forwardCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ChannelFullException e) {
            throw new org.apache.flume.ChannelFullException(e.getMessage(), e);
        } catch (ChannelException e) {
            throw new org.apache.flume.ChannelException(e.getMessage(), e);
        }
    }
}
