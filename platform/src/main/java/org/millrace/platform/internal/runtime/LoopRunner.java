package org.millrace.platform.internal.runtime;

import org.millrace.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named thread calling one step in a loop with Flume's back-off: after the n-th consecutive BACKOFF it idles
 * {@code min(n × increment, max)} ms, after a failure {@code failureDelay} ms. Stopping interrupts the thread
 * only while it idles, never inside a step, so steps doing I/O are not torn (an interrupt closes NIO channels).
 */
abstract class LoopRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopRunner.class);
    private static final long STOP_WAIT_MILLIS = 30_000;

    private final String label;
    private final String threadName;
    private final long backoffIncrement;
    private final long maxBackoff;
    private final long failureDelay;
    private final Object idleLock = new Object();
    private volatile boolean running;
    private boolean idling;
    private Thread thread;

    LoopRunner(String label, String threadName, long backoffIncrement, long maxBackoff, long failureDelay) {
        this.label = label;
        this.threadName = threadName;
        this.backoffIncrement = backoffIncrement;
        this.maxBackoff = maxBackoff;
        this.failureDelay = failureDelay;
    }

    /** One unit of work. */
    protected abstract Status step() throws Exception;

    /**
     * How long to linger, in ms, when a step finds nothing right after a step that did work, before stepping
     * again; 0 for no lingering. A short linger under steady load saves a sleep and a wake-up per batch.
     */
    protected long lingerMillis() {
        return 0;
    }

    /**
     * Idles up to {@code millis} after a BACKOFF; a runner may return early when work arrives. After a failure the
     * runner always sleeps the full delay, so a failing destination is not retried in a tight loop.
     */
    protected void idle(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    final void start() {
        running = true;
        thread = new Thread(this, threadName);
        thread.start();
    }

    /**
     * Stops after the step in progress and returns when the thread has ended: a step may hold a transaction, and
     * what it takes must be committed or rolled back before its channel is touched. A step still running after
     * {@value #STOP_WAIT_MILLIS} ms is interrupted, and waited for again, with an error logged each time.
     */
    final void stop() {
        running = false;
        synchronized (idleLock) {
            if (idling) {
                thread.interrupt();
            }
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (thread.isAlive()) {
                LOG.error("[{}] still in a step after {} ms; interrupting it and waiting on", label, STOP_WAIT_MILLIS);
                thread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final void run() {
        int backoffs = 0;
        boolean worked = false;
        while (running) {
            try {
                if (step() == Status.READY) {
                    backoffs = 0;
                    worked = true;
                    continue;
                }
                if (worked && lingerMillis() > 0) {
                    worked = false;
                    idleGuarded(lingerMillis(), true);
                    continue;
                }
                worked = false;
                backoffs++;
                long pause = Math.min(backoffs * backoffIncrement, maxBackoff);
                idleGuarded(pause, false);
            } catch (Exception | LinkageError e) {
                LOG.error("[{}] unable to deliver events, backing off {} ms: {}", label, failureDelay, e.toString(),
                        e);
                backoffs = 0;
                worked = false;
                idleGuarded(failureDelay, true);
            }
        }
    }

    /** Idles; {@code plainSleep} ignores arriving work (after a failure, or a linger). */
    private void idleGuarded(long millis, boolean plainSleep) {
        synchronized (idleLock) {
            if (!running) {
                return;
            }
            idling = true;
        }
        try {
            if (plainSleep) {
                Thread.sleep(millis);
            } else {
                idle(millis);
            }
        } catch (InterruptedException e) {
            // stop() woke us
        } finally {
            synchronized (idleLock) {
                idling = false;
            }
            Thread.interrupted();
        }
    }
}
