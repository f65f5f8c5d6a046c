package org.millrace.channel.file.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.millrace.api.testkit.PowerCutWorkload;
import org.millrace.api.testkit.PowerCutWorkload.Outcome;
import org.millrace.api.testkit.TestContexts;

/**
 * The file channel's durability against power loss, not just against a killed process: the channel runs on a
 * {@link PowerCutDisk}, writers put, take, commit and roll back from several threads, and at a random moment the
 * power goes. The disk comes back with only what syncs made durable (plus a random, maybe torn, part of the rest);
 * the channel restarts on it and is drained. Every event whose put commit returned, and whose take commit did not,
 * must be there; no rolled-back put may appear; no event whose take commit returned may come back. The same check
 * must find loss when fsync is off, or when the disk ignores directory syncs (a rename or a new log file that was
 * never made durable): otherwise it could not fail. {@code -Dmillrace.powercuts=1000} runs a longer campaign.
 */
class FileChannelPowerLossTest {
    private static final int WRITERS = 3;

    @TempDir
    Path root;

    private Map<String, String> properties(boolean fsyncPerTransaction) {
        Map<String, String> p = new HashMap<>();
        p.put("checkpointDir", root.resolve("checkpoint").toString());
        p.put("dataDirs", root.resolve("data1") + "," + root.resolve("data2"));
        p.put("capacity", "1000000");
        p.put("transactionCapacity", "10000");
        p.put("checkpointInterval", "50"); // checkpoints and their renames all the time
        p.put("maxFileSize", "65536"); // new log files, renamed into place, and old ones deleted
        p.put("minimumRequiredSpace", "0");
        p.put("fsyncPerTransaction", Boolean.toString(fsyncPerTransaction));
        p.put("fsyncInterval", "3600");
        return p;
    }

    private List<Path> dirs() {
        return List.of(root.resolve("checkpoint"), root.resolve("data1"), root.resolve("data2"));
    }

    private FileChannel start(Map<String, String> properties, Disk disk) throws Exception {
        FileChannel channel = new FileChannel(FileChannelFactory.settings(TestContexts.config("channels", "c1",
                "file", properties)), disk);
        channel.start(TestContexts.channelContext("c1"));
        return channel;
    }

    /** Runs writers, cuts the power, brings the disk back, restarts and drains the channel. */
    private Outcome cutOnce(Map<String, String> properties, PowerCutDisk.Lie lie, Random random,
            boolean keepSomeUnsynced) throws Exception {
        PowerCutDisk disk = new PowerCutDisk(dirs(), lie);
        FileChannel channel = start(properties, disk);
        PowerCutWorkload load = PowerCutWorkload.start(channel, WRITERS, random);
        Thread.sleep(20 + random.nextInt(300));
        load.cut(disk::cut);
        channel.stop();
        disk.image(random, keepSomeUnsynced);

        return load.check(start(properties, new PowerCutDisk(dirs(), PowerCutDisk.Lie.NONE)));
    }

    @Test
    void everyCommittedEventSurvivesAPowerCutAndNoRolledBackOneAppears() throws Exception {
        PowerCutWorkload.campaign("file channel", 25,
                random -> cutOnce(properties(true), PowerCutDisk.Lie.NONE, random, true));
    }

    @Test
    void theCheckFindsLossWhenFsyncIsOff() throws Exception {
        assertTrue(findsLoss(properties(false), PowerCutDisk.Lie.NONE), "fsyncPerTransaction = false loses events");
    }

    @Test
    void theCheckFindsLossWhenTheDiskIgnoresDirectorySyncs() throws Exception {
        assertTrue(findsLoss(properties(true), PowerCutDisk.Lie.DIRECTORY_SYNCS),
                "new log files and renames never made durable lose events");
    }

    /**
     * Whether the check finds loss within 30 cuts; the disk keeps none of the unsynced writes here, so that loss is
     * not left to chance (kept at random, they often happen to include every committed record).
     */
    private boolean findsLoss(Map<String, String> properties, PowerCutDisk.Lie lie) throws Exception {
        return PowerCutWorkload.findsLoss(30, random -> cutOnce(properties, lie, random, false));
    }
}
