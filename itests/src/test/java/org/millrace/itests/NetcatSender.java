package org.millrace.itests;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One web server's client: lines {@code <name>-<8 digits>} to its netcat source, 20 at a time, each counted once
 * acknowledged with OK (so it knows exactly what the agent committed); it waits up to two minutes for the source
 * to listen.
 */
final class NetcatSender extends Thread {
    private static final long WAIT_MILLIS = 180_000;

    final String name;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final int port;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private volatile Socket socket;
    volatile int sent;
    volatile Throwable failure;

    NetcatSender(String name, int port) {
        super("sender-" + name);
        this.name = name;
        this.port = port;
    }

    @Override
    public void run() {
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (socket == null) {
                try {
                    socket = new Socket("127.0.0.1", port);
                } catch (IOException notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200);
                }
            }
            socket.setSoTimeout((int) WAIT_MILLIS);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            while (sending.get()) {
                StringBuilder lines = new StringBuilder();
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String line = String.format("%s-%08d", name, sent++);
                    batch.add(line);
                    lines.append(line).append('\n');
                }
                out.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (String line : batch) {
                    String answer = in.readLine();
                    if (!"OK".equals(answer)) {
                        throw new IOException("answer to " + line + ": " + answer);
                    }
                    acked.add(name + ":" + line);
                }
                Thread.sleep(10);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    void finish() throws InterruptedException {
        sending.set(false);
        join(WAIT_MILLIS);
        assertTrue(name + " failed: " + failure, failure == null);
    }

    void close() {
        sending.set(false);
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Waits until every sender has had more lines acknowledged, for at least {@code millis}. */
    static void awaitAcks(List<NetcatSender> senders, long millis) throws Exception {
        long until = System.currentTimeMillis() + millis;
        Map<NetcatSender, Integer> before = new HashMap<>();
        senders.forEach(s -> before.put(s, s.acked.size()));
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < until
                || senders.stream().anyMatch(s -> s.acked.size() <= before.get(s))) {
            for (NetcatSender s : senders) {
                assertTrue(s.name + " failed: " + s.failure, s.failure == null);
            }
            assertTrue("the web servers acknowledged nothing new", System.currentTimeMillis() < deadline);
            Thread.sleep(100);
        }
    }
}
