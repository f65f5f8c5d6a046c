package org.millrace.channel.file.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.millrace.api.Channel;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * File channels on a {@link PowerCutDisk}, for the power-loss tests of channels built on one (the spillable memory
 * channel's overflow): make them, cut the power, leave on the real directories what the disk kept.
 */
public final class PowerCutFileChannels {
    private final PowerCutDisk disk;

    /** A disk over these directories (the channels' checkpoint and data directories), syncs kept honestly. */
    public PowerCutFileChannels(List<Path> dirs) throws IOException {
        this.disk = new PowerCutDisk(dirs, PowerCutDisk.Lie.NONE);
    }

    /** A file channel of this configuration on the disk. */
    public Channel create(ComponentConfig config) throws ConfigurationException {
        return new FileChannel(FileChannelFactory.settings(config), disk);
    }

    /** Cuts the power: every operation from now on fails. */
    public void cut() {
        disk.cut();
    }

    /** Leaves on the directories what the disk kept (see {@link PowerCutDisk#image}). */
    public void restore(Random random, boolean keepSomeUnsynced) throws IOException {
        disk.image(random, keepSomeUnsynced);
    }
}
