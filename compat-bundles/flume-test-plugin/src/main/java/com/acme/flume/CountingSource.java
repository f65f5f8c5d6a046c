package com.acme.flume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.FlumeException;
import org.apache.flume.conf.Configurable;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.instrumentation.SourceCounter;
import org.apache.flume.source.AbstractPollableSource;

/**
 * A pollable Flume source as users write them: {@code total} events "{@code prefix}-i" in batches of
 * {@code batchSize}, counted in Flume's own {@link SourceCounter}; a batch the channel refuses is sent again.
 */
public class CountingSource extends AbstractPollableSource implements Configurable {
    private String prefix;
    private int total;
    private int batchSize;
    private int sent;
    private SourceCounter counter;

    @Override
    protected void doConfigure(Context context) throws FlumeException {
        prefix = context.getString("prefix", "event");
        total = context.getInteger("total", 100);
        batchSize = context.getInteger("batchSize", 10);
        if (counter == null) {
            counter = new SourceCounter(getName());
        }
    }

    @Override
    protected void doStart() throws FlumeException {
        counter.start();
    }

    @Override
    protected Status doProcess() throws EventDeliveryException {
        if (sent >= total) {
            return Status.BACKOFF;
        }
        List<Event> batch = new ArrayList<>();
        for (int i = sent; i < Math.min(total, sent + batchSize); i++) {
            batch.add(EventBuilder.withBody(prefix + "-" + i, StandardCharsets.UTF_8));
        }
        counter.addToEventReceivedCount(batch.size());
        getChannelProcessor().processEventBatch(batch);
        counter.addToEventAcceptedCount(batch.size());
        sent += batch.size();
        return Status.READY;
    }

    @Override
    protected void doStop() throws FlumeException {
        counter.stop();
    }
}
