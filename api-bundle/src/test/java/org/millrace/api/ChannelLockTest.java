package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelLockTest {
    private final ChannelLock lock = new ChannelLock();
    private int events;

    @Test
    void awaitEventsTimesOutWhileTheChannelStaysEmpty() throws Exception {
        long start = System.nanoTime();
        assertFalse(lock.awaitEvents(() -> events == 0, 100));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90), "returned before its timeout");
    }

    @Test
    void aSignalWakesTheWaiterWhenEventsArrive() throws Exception {
        CompletableFuture<Boolean> woken = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                woken.complete(lock.awaitEvents(() -> events == 0, 30_000));
            } catch (InterruptedException e) {
                woken.completeExceptionally(e);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) { // parked in the condition, the lock released
            Thread.sleep(5);
        }
        lock.lock();
        try {
            events = 3;
            lock.signalEvents();
        } finally {
            lock.unlock();
        }
        assertTrue(woken.get(5, TimeUnit.SECONDS), "the waiter did not see the events");
    }

    @Test
    void awaitEventsReturnsAtOnceWhenEventsAreThere() throws Exception {
        events = 1;
        long start = System.nanoTime();
        assertTrue(lock.awaitEvents(() -> events == 0, 30_000));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void readReadsUnderTheLock() {
        events = 7;
        assertEquals(7, lock.read(() -> {
            assertTrue(lock.isHeldByCurrentThread());
            return events;
        }));
        assertFalse(lock.isHeldByCurrentThread());
    }
}
