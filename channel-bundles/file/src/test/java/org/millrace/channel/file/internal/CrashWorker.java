package org.millrace.channel.file.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.millrace.api.Channel;
import org.millrace.api.Event;
import org.millrace.api.Transaction;
import org.millrace.api.testkit.TestContexts;

/**
 * Runs in its own JVM for {@link FileChannelCrashTest}: puts and takes through a file channel until it is killed,
 * telling the test on stdout what it may rely on. {@code P first last}: puts committed (printed after commit
 * returned). {@code R first last}: puts rolled back (must never come out). {@code t seq...}
 * and {@code T seq...}: a take batch in flight (printed before its commit) and committed (printed after the commit
 * returned). {@code U seq...}: a take batch rolled back on purpose (its events must come out again).
 * {@code BAD seq}: an event came back damaged.
 * With {@code drain} it takes everything left and exits.
 */
public final class CrashWorker {
    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true, StandardCharsets.US_ASCII);

    private CrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        boolean drain = args[1].equals("drain");
        AtomicLong next = new AtomicLong(Long.parseLong(args[2]));
        Channel channel = new FileChannelFactory().create(TestContexts.config("channels", "c1", "file", Map.of(
                "checkpointDir", root.resolve("checkpoint").toString(),
                "useDualCheckpoints", "true", "backupCheckpointDir", root.resolve("backup").toString(),
                "dataDirs", root.resolve("data1") + "," + root.resolve("data2"),
                "maxFileSize", "262144", "checkpointInterval", "150", "capacity", "20000")));
        channel.start(TestContexts.channelContext("c1"));
        if (drain) {
            while (takeBatch(channel) > 0) {
                // until empty
            }
            say("DONE");
            channel.stop();
            return;
        }
        say("READY");
        for (int i = 0; i < 2; i++) {
            Thread putter = new Thread(() -> {
                while (true) {
                    putBatch(channel, next);
                }
            });
            putter.start();
        }
        while (true) {
            if (takeBatch(channel) == 0 || ThreadLocalRandom.current().nextInt(10) == 0) {
                Thread.sleep(2);
            }
        }
    }

    private static void putBatch(Channel channel, AtomicLong next) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = 1 + random.nextInt(60);
        long first = next.getAndAdd(n);
        boolean rollBack = random.nextInt(10) == 0;
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            for (long seq = first; seq < first + n; seq++) {
                tx.put(event(seq, random.nextInt(10, 2000)));
            }
            if (rollBack) {
                say("R " + first + " " + (first + n - 1));
                tx.rollback();
            } else {
                tx.commit();
                say("P " + first + " " + (first + n - 1));
            }
        } catch (RuntimeException full) {
            say("R " + first + " " + (first + n - 1)); // refused: never committed
        }
    }

    private static int takeBatch(Channel channel) {
        boolean rollBack = ThreadLocalRandom.current().nextInt(8) == 0;
        try (Transaction tx = channel.newTransaction()) {
            tx.begin();
            List<Event> batch = new ArrayList<>();
            tx.take(1 + ThreadLocalRandom.current().nextInt(200), batch);
            StringBuilder seqs = new StringBuilder();
            for (Event e : batch) {
                long seq = Long.parseLong(e.header("seq"));
                if (!intact(e)) {
                    say("BAD " + seq);
                }
                seqs.append(' ').append(seq);
            }
            if (batch.isEmpty()) {
                tx.commit();
                return 0;
            }
            say("t" + seqs); // in flight: a kill from here until T leaves its fate open
            if (rollBack) {
                tx.rollback();
                say("U" + seqs);
                return batch.size();
            }
            tx.commit();
            say("T" + seqs);
            return batch.size();
        }
    }

    private static Event event(long seq, int size) {
        byte[] body = new byte[size];
        ThreadLocalRandom.current().nextBytes(body);
        return Event.withHeaders(body, "seq", String.valueOf(seq), "crc", String.valueOf(crc(body)));
    }

    private static boolean intact(Event e) {
        return String.valueOf(crc(e.body())).equals(e.header("crc"));
    }

    private static long crc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return crc.getValue();
    }

    private static synchronized void say(String line) {
        OUT.println(line);
    }
}
