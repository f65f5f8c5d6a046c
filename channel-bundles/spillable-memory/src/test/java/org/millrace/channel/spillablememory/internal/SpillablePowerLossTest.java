package org.millrace.channel.spillablememory.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.Channel;
import org.millrace.api.ComponentConfig;
import org.millrace.api.testkit.PowerCutWorkload;
import org.millrace.api.testkit.PowerCutWorkload.Outcome;
import org.millrace.api.testkit.TestContexts;
import org.millrace.channel.file.internal.FileChannelFactory;
import org.millrace.channel.file.internal.PowerCutFileChannels;

/**
 * The spillable channel's overflow path against power loss: with {@code memoryCapacity = 0} every commit goes
 * through the spillable channel into its file channel, which runs on a disk that can lose its power (the file
 * channel's own power-loss test's disk). Writers put, take, commit and roll back; the power goes; the channel
 * restarts on what the disk kept: every event whose put commit returned, and whose take commit did not, must be
 * there, no rolled-back put may appear, no event whose take committed may come back; with the overflow's fsync off
 * the same check finds loss. (Events a spillable channel holds in memory are lost in a crash by design, as in
 * Flume.) {@code -Dmillrace.powercuts=200} runs a longer campaign.
 */
class SpillablePowerLossTest {
    @TempDir
    Path dirs;

    private ComponentConfig config(boolean fsyncPerTransaction) {
        return TestContexts.config("channels", "c1", "spillablememory", Map.of("memoryCapacity", "0",
                "overflowCapacity", "1000000", "transactionCapacity", "10000",
                "checkpointDir", dirs.resolve("checkpoint").toString(),
                "dataDirs", dirs.resolve("data1") + "," + dirs.resolve("data2"),
                "checkpointInterval", "50", "maxFileSize", "65536", "minimumRequiredSpace", "0",
                "fsyncPerTransaction", Boolean.toString(fsyncPerTransaction), "fsyncInterval", "3600"));
    }

    private Outcome cutOnce(boolean fsyncPerTransaction, Random random, boolean keepSomeUnsynced) throws Exception {
        PowerCutFileChannels disk = new PowerCutFileChannels(List.of(dirs.resolve("checkpoint"),
                dirs.resolve("data1"), dirs.resolve("data2")));
        Channel channel = new SpillableMemoryChannelFactory(disk::create).create(config(fsyncPerTransaction));
        channel.start(TestContexts.channelContext("c1"));
        PowerCutWorkload load = PowerCutWorkload.start(channel, 3, random);
        Thread.sleep(20 + random.nextInt(300));
        load.cut(disk::cut);
        try {
            channel.stop();
        } catch (RuntimeException powerOff) {
            // nothing reaches the disk any more
        }
        disk.restore(random, keepSomeUnsynced);
        Channel again = new SpillableMemoryChannelFactory(new FileChannelFactory()).create(config(true));
        again.start(TestContexts.channelContext("c1"));
        return load.check(again);
    }

    @Test
    void everyEventCommittedToTheOverflowSurvivesAPowerCut() throws Exception {
        PowerCutWorkload.campaign("spillable channel", 10, random -> cutOnce(true, random, true));
    }

    /** Keeps none of the unsynced writes, so that finding the loss is not left to chance. */
    @Test
    void theCheckFindsLossWhenTheOverflowDoesNotSync() throws Exception {
        assertTrue(PowerCutWorkload.findsLoss(30, random -> cutOnce(false, random, false)),
                "fsyncPerTransaction = false loses events");
    }
}
