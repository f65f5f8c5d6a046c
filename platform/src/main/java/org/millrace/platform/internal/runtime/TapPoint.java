package org.millrace.platform.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.millrace.api.Event;

/**
 * A place in the flow where events can be watched ({@code millrace:tap}): a source's events as they leave its
 * interceptor chain, or a channel's as they are committed to it. With no tap attached it costs one volatile read
 * per batch.
 */
public final class TapPoint {
    private volatile List<Tap> taps = List.of();

    /** Copies of the next {@code n} events passing here, as they pass. */
    public Tap attach(int n) {
        Tap tap = new Tap(this, n);
        synchronized (this) {
            List<Tap> more = new ArrayList<>(taps);
            more.add(tap);
            taps = List.copyOf(more);
        }
        return tap;
    }

    private synchronized void detach(Tap tap) {
        List<Tap> fewer = new ArrayList<>(taps);
        fewer.remove(tap);
        taps = List.copyOf(fewer);
    }

    /** Offers passing events to the attached taps. */
    void passing(List<Event> events) {
        List<Tap> attached = taps;
        if (!attached.isEmpty()) {
            attached.forEach(t -> t.offer(events));
        }
    }

    /** Copies of up to n events; detaches itself when it has them. */
    public static final class Tap implements AutoCloseable {
        private final TapPoint point;
        private final BlockingQueue<Event> seen = new LinkedBlockingQueue<>();
        private int wanted;

        private Tap(TapPoint point, int wanted) {
            this.point = point;
            this.wanted = wanted;
        }

        private synchronized void offer(List<Event> events) {
            for (Event e : events) {
                if (wanted == 0) {
                    break;
                }
                seen.add(Event.of(e.hasHeaders() ? e.headers() : java.util.Map.of(), e.body().clone()));
                wanted--;
            }
            if (wanted == 0) {
                point.detach(this);
            }
        }

        /** The next event seen, waiting up to the timeout; null if none came. */
        public Event next(long timeout, TimeUnit unit) throws InterruptedException {
            return seen.poll(timeout, unit);
        }

        @Override
        public void close() {
            point.detach(this);
        }
    }
}
