package org.millrace.sink.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.Channel;
import org.millrace.api.Event;
import org.millrace.api.EventDeliveryException;
import org.millrace.api.Sink;
import org.millrace.api.SinkContext;
import org.millrace.api.SinkCounter;
import org.millrace.api.Status;
import org.millrace.api.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SinkCounter.Name.BatchCompleteCount;
import static org.millrace.api.SinkCounter.Name.BatchEmptyCount;
import static org.millrace.api.SinkCounter.Name.EventDrainAttemptCount;
import static org.millrace.api.SinkCounter.Name.EventDrainSuccessCount;
import static org.millrace.api.SinkCounter.Name.EventWriteFail;

/**
 * Flume's HTTP sink: an event per request, its body POSTed with the configured Content-Type and Accept, in a
 * transaction of its own. The response's status, through the rules, decides whether the event is rolled back (to
 * be sent again) or committed, whether the sink backs off, and whether it counts as drained. A request that fails
 * (refused, timed out) is rolled back, counted as a write failure and reported as a failed delivery (Flume
 * only backs off). An event with an empty body is committed
 * and dropped, as Flume does.
 */
final class HttpSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSink.class);

    /** The sink's settings, checked. */
    record Settings(URL endpoint, int connectTimeout, int requestTimeout, String contentType, String accept,
            StatusRules backoff, StatusRules rollback, StatusRules incrementMetrics) {
    }

    private final Settings settings;
    private SinkContext context;

    HttpSink(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(SinkContext sinkContext) {
        this.context = sinkContext;
        if (settings.rollback().apply(200)) {
            LOG.warn("[{}] a 200 answer rolls the event back and sends it again (Flume's defaultRollback = true);"
                    + " set rollback.2XX = false so that delivered events are committed", sinkContext.label());
        }
    }

    @Override
    public Status process() throws EventDeliveryException {
        Channel channel = context.channel();
        SinkCounter counter = context.counter();
        Transaction tx = channel.newTransaction();
        try {
            tx.begin();
            List<Event> taken = new ArrayList<>(1);
            if (tx.take(1, taken) == 0) {
                tx.commit();
                counter.increment(BatchEmptyCount);
                return Status.BACKOFF;
            }
            byte[] body = taken.get(0).body();
            if (body.length == 0) {
                tx.commit();
                LOG.warn("[{}] dropped an event with an empty body", context.label());
                return Status.BACKOFF;
            }
            counter.increment(EventDrainAttemptCount);
            counter.increment(BatchCompleteCount);
            int status;
            try {
                status = post(body);
            } catch (IOException e) {
                tx.rollback();
                counter.increment(EventWriteFail);
                throw new EventDeliveryException("[" + context.label() + "] cannot POST to " + settings.endpoint()
                        + ": " + e + "; the event stays in the channel", e);
            }
            boolean rollback = status < 100 || settings.rollback().apply(status);
            boolean backoff = status < 100 || settings.backoff().apply(status);
            if (rollback) {
                tx.rollback();
                LOG.info("[{}] got status {} from {}: rolled the event back{}", context.label(), status,
                        settings.endpoint(), backoff ? " and backed off" : " for a retry");
            } else {
                tx.commit();
            }
            if (status >= 100 && settings.incrementMetrics().apply(status)) {
                counter.increment(EventDrainSuccessCount);
            }
            return backoff ? Status.BACKOFF : Status.READY;
        } catch (RuntimeException e) {
            tx.rollback();
            LOG.error("[{}] error sending to {}: {}", context.label(), settings.endpoint(), e.toString(), e);
            return Status.BACKOFF;
        } finally {
            tx.close();
        }
    }

    /** POSTs the body; returns the status, the response read and closed so the connection is kept alive. */
    private int post(byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) settings.endpoint().openConnection();
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", settings.contentType());
        c.setRequestProperty("Accept", settings.accept());
        c.setConnectTimeout(settings.connectTimeout());
        c.setReadTimeout(settings.requestTimeout());
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        try (InputStream in = status < HttpURLConnection.HTTP_BAD_REQUEST ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    @Override
    public void stop() {
        // connections are the JDK's keep-alive cache's
    }
}
