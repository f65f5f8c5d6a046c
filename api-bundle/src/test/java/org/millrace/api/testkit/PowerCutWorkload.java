package org.millrace.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.millrace.api.Channel;
import org.millrace.api.Event;
import org.millrace.api.Transaction;

/**
 * The load of a channel's power-loss test: writers that put and take in batches from several threads, committing
 * or rolling back, until the power goes; and what they know then. After the channel restarts on what the disk kept,
 * {@link #check(Channel)} drains and stops it and counts what went wrong: committed events lost, rolled-back puts that
 * appeared, events whose take committed that came back. A commit the cut interrupted may go either way, and so may
 * one that returns after the cut: when the power really goes nothing returns, but a disk that fails its writes leaves
 * the process running, and a store may then answer a commit that waited on a failed flush as if it had succeeded
 * (Derby does).
 */
public final class PowerCutWorkload {
    private final Set<String> put = ConcurrentHashMap.newKeySet();
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final Set<String> rolledBack = ConcurrentHashMap.newKeySet();
    private final Set<String> takeInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean powered = new AtomicBoolean(true);
    private volatile boolean cut;
    private final List<Thread> writers = new ArrayList<>();

    /** What one power cut cost, and how many events the restarted channel held. */
    public record Outcome(int lost, int rolledBackAppeared, int takenCameBack, int present) {
    }

    /** One power cut of a channel's test: load, cut, restart, {@link #check}. */
    @FunctionalInterface
    public interface Cut {
        Outcome once(Random random) throws Exception;
    }

    private PowerCutWorkload() {
    }

    /**
     * Cuts the power {@code -Dmillrace.powercuts} times (else {@code cuts}) with a seed of
     * {@code -Dmillrace.powercuts.seed} (else a new one), failing at the first cut that lost a committed event, showed
     * a rolled-back one or gave back one whose take committed; prints what was recovered.
     */
    public static void campaign(String channel, int cuts, Cut cut) throws Exception {
        int count = Integer.getInteger("millrace.powercuts", cuts);
        long seed = Long.getLong("millrace.powercuts.seed", System.nanoTime());
        Random random = new Random(seed);
        long present = 0;
        for (int i = 0; i < count; i++) {
            Outcome o = cut.once(random);
            String where = "power cut " + (i + 1) + " of " + count + " (seed " + seed + ")";
            assertEquals(0, o.lost(), where + ": committed events lost");
            assertEquals(0, o.rolledBackAppeared(), where + ": rolled-back events appeared");
            assertEquals(0, o.takenCameBack(), where + ": events whose take committed came back");
            present += o.present();
        }
        System.out.printf("%s power-loss test: %d cuts, %,d events recovered, 0 lost (seed %d)%n", channel, count,
                present, seed);
    }

    /** Whether a cut loses a committed event within {@code tries}: a mutation check, that the test can fail. */
    public static boolean findsLoss(int tries, Cut cut) throws Exception {
        Random random = new Random();
        for (int i = 0; i < tries; i++) {
            if (cut.once(random).lost() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Starts {@code writers} writers on the channel, each with its own seed from {@code random}. */
    public static PowerCutWorkload start(Channel channel, int writers, Random random) {
        PowerCutWorkload load = new PowerCutWorkload();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            long seed = random.nextLong();
            Thread t = new Thread(() -> load.write(channel, writer, seed), "writer-" + w);
            t.start();
            load.writers.add(t);
        }
        return load;
    }

    /** Cuts the power ({@code cutTheDisk}), then stops the writers and waits for them to give up. */
    public void cut(Runnable cutTheDisk) throws InterruptedException {
        cut = true; // before the disk: a commit that sees it unset returned before the cut
        cutTheDisk.run();
        powered.set(false);
        for (Thread t : writers) {
            t.join(30_000);
        }
    }

    /** Drains the restarted channel, stops it, and compares what it held with what the writers knew. */
    public Outcome check(Channel restarted) {
        Map<String, Integer> present;
        try {
            present = drain(restarted);
        } finally {
            restarted.stop();
        }
        int lost = 0;
        for (String id : put) {
            if (!taken.contains(id) && !takeInFlight.contains(id) && !present.containsKey(id)) {
                lost++;
            }
        }
        int appeared = (int) rolledBack.stream().filter(present::containsKey).count();
        int cameBack = (int) taken.stream().filter(present::containsKey).count();
        return new Outcome(lost, appeared, cameBack, present.size());
    }

    private static Map<String, Integer> drain(Channel channel) {
        Map<String, Integer> present = new HashMap<>();
        while (true) {
            try (Transaction tx = channel.newTransaction()) {
                tx.begin();
                int n = 0;
                for (Event e; n < 1000 && (e = tx.take()) != null; n++) {
                    present.merge(e.headers().get("id"), 1, Integer::sum);
                }
                tx.commit();
                if (n == 0) {
                    return present;
                }
            }
        }
    }

    /** One writer's loop until the power goes: put batches (some rolled back), take batches (some rolled back). */
    private void write(Channel channel, int writer, long seed) {
        Random random = new Random(seed);
        long next = 0;
        while (powered.get()) {
            boolean putting = random.nextInt(3) > 0;
            boolean rollBack = random.nextInt(5) == 0;
            List<String> ids = new ArrayList<>();
            boolean committing = false;
            Transaction tx = channel.newTransaction();
            try {
                tx.begin();
                int n = 1 + random.nextInt(50);
                for (int i = 0; i < n; i++) {
                    if (putting) {
                        String id = writer + "-" + next++;
                        byte[] body = new byte[20 + random.nextInt(400)];
                        byte[] name = id.getBytes(StandardCharsets.US_ASCII);
                        System.arraycopy(name, 0, body, 0, name.length);
                        tx.put(Event.of(Map.of("id", id), body));
                        ids.add(id);
                    } else {
                        Event e = tx.take();
                        if (e == null) {
                            break;
                        }
                        ids.add(e.headers().get("id"));
                    }
                }
                if (rollBack) {
                    tx.rollback();
                    if (putting) {
                        rolledBack.addAll(ids);
                    }
                } else {
                    committing = true;
                    tx.commit();
                    if (!cut) {
                        (putting ? put : taken).addAll(ids);
                    } else if (!putting) {
                        takeInFlight.addAll(ids);
                    }
                }
            } catch (RuntimeException powerGone) {
                if (committing && !putting) {
                    takeInFlight.addAll(ids);
                }
                try {
                    tx.rollback();
                } catch (RuntimeException alsoGone) {
                    // the power is off: nothing more to undo
                }
            } finally {
                tx.close();
            }
        }
    }
}
