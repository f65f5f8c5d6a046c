package org.millrace.channel.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Channel;
import org.millrace.api.testkit.PowerCutWorkload;
import org.millrace.api.testkit.PowerCutWorkload.Outcome;
import org.millrace.api.testkit.TestContexts;

/**
 * The jdbc channel's durability against power loss: Derby runs on a {@link PowerCutStorage}, writers put, take,
 * commit and roll back from several threads, and at a random moment the power goes. Derby then boots from what the
 * disk kept (its recovery replays the log) and the channel is drained: every event whose put commit returned, and
 * whose take commit did not, must be there; no rolled-back put may appear; no event whose take commit returned may
 * come back. With Derby's syncs off ({@code sysprop.derby.system.durability = test}, Flume's way to set it) the same
 * check must find loss. {@code -Dmillrace.powercuts=100} runs a longer campaign.
 */
class JdbcChannelPowerLossTest {
    private static final int WRITERS = 3;
    private static final AtomicInteger CUTS = new AtomicInteger();

    @TempDir
    static Path root;

    @BeforeAll
    static void register() {
        PowerCutStorage.register();
    }

    private static Channel start(String url, Map<String, String> extra) throws Exception {
        Map<String, String> p = new HashMap<>(extra);
        p.put("driver.url", url);
        p.put("sysprop.user.home", root.toString());
        Channel channel = new JdbcChannelFactory().create(TestContexts.config("channels", "c1", "jdbc", p));
        channel.start(TestContexts.channelContext("c1"));
        return channel;
    }

    /** Runs writers, cuts the power, boots Derby from what the disk kept, drains the channel. */
    private static Outcome cutOnce(Map<String, String> extra, Random random, boolean keepSomeUnsynced)
            throws Exception {
        Path before = root.resolve("cut" + CUTS.incrementAndGet());
        Path after = root.resolve("restored" + CUTS.get());
        PowerCutStorage.DISK.reset();
        String url = "jdbc:derby:" + PowerCutStorage.PROTOCOL + ":" + before.resolve("db");
        start(url + ";create=true", Map.of()).stop(); // created with Derby's defaults, whatever the run changes
        Channel channel = start(url, extra);
        PowerCutWorkload load = PowerCutWorkload.start(channel, WRITERS, random);
        Thread.sleep(100 + random.nextInt(500));
        load.cut(PowerCutStorage.DISK::cut);
        try {
            channel.stop();
        } catch (RuntimeException powerOff) {
            // Derby cannot write its shutdown: the disk is gone
        }
        PowerCutStorage.DISK.restore(before, after, random, keepSomeUnsynced);
        System.clearProperty("derby.system.durability");
        return load.check(start("jdbc:derby:" + after.resolve("db"), Map.of()));
    }

    @Test
    void everyCommittedEventSurvivesAPowerCutAndNoRolledBackOneAppears() throws Exception {
        PowerCutWorkload.campaign("jdbc channel", 8, random -> cutOnce(Map.of(), random, true));
    }

    /** Keeps none of the unsynced writes, so that finding the loss is not left to chance. */
    @Test
    void theCheckFindsLossWhenDerbyDoesNotSync() throws Exception {
        assertTrue(PowerCutWorkload.findsLoss(10,
                random -> cutOnce(Map.of("sysprop.derby.system.durability", "test"), random, false)),
                "derby.system.durability = test loses events");
    }
}
