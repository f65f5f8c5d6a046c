package org.millrace.channel.file.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.millrace.api.Channel;
import org.millrace.api.ChannelFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the file channel for Flume's type {@code file}. */
@Component(configurationPid = FileChannelFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=file", ConnectorTypes.TYPE + "=org.apache.flume.channel.file.FileChannel"})
@Designate(ocd = FileChannelConfig.class, factory = true)
public final class FileChannelFactory implements ChannelFactory {
    /** Where the metatype of the channel's properties is published. */
    static final String PID = "org.millrace.channel.file";
    private static final long DEFAULT_MAX_FILE_SIZE = 2146435071L;
    private static final long MINIMUM_REQUIRED_SPACE_FLOOR = 1024 * 1024;

    @Override
    public Channel create(ComponentConfig config) throws ConfigurationException {
        return new FileChannel(settings(config));
    }

    /** Converts and checks a configuration; every problem is reported at once. */
    static FileChannel.Settings settings(ComponentConfig config) throws ConfigurationException {
        FileChannelConfig c = config.as(FileChannelConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        String home = System.getProperty("user.home");
        Path checkpointDir = directory(c.checkpointDir(), home + "/.flume/file-channel/checkpoint");
        List<Path> dataDirs = c.dataDirs().isBlank() ? List.of(Path.of(home, ".flume/file-channel/data"))
                : Arrays.stream(c.dataDirs().split(",")).map(String::trim).filter(d -> !d.isEmpty())
                        .map(FileChannelFactory::absolute).distinct().toList();
        Path backup = null;
        if (c.useDualCheckpoints()) {
            if (c.backupCheckpointDir().isBlank()) {
                problems.add(config.problem("useDualCheckpoints", "needs backupCheckpointDir"));
            } else {
                backup = absolute(c.backupCheckpointDir());
                if (backup.equals(checkpointDir)) {
                    problems.add(config.problem("backupCheckpointDir", "must not be the checkpointDir"));
                }
            }
        }
        if (dataDirs.contains(checkpointDir) || (backup != null && dataDirs.contains(backup))) {
            problems.add(config.problem("dataDirs", "must not include the checkpoint directories"));
        }
        config.passThrough("encryption.").keySet().stream().findFirst()
                .ifPresent(k -> problems.add(config.problem("encryption." + k, "log encryption is not supported by Millrace's"
                        + " file channel; encrypt the file system instead")));
        ConfigurationException.throwIfAny(problems);
        return new FileChannel.Settings(checkpointDir, backup, dataDirs, c.capacity(), c.transactionCapacity(),
                c.keep$_$alive(), c.checkpointInterval(), Math.min(c.maxFileSize(), DEFAULT_MAX_FILE_SIZE),
                Math.max(c.minimumRequiredSpace(), MINIMUM_REQUIRED_SPACE_FLOOR), c.checkpointOnClose(),
                c.fsyncPerTransaction(), c.fsyncInterval());
    }

    private static Path directory(String configured, String fallback) {
        return absolute(configured.isBlank() ? fallback : configured);
    }

    private static Path absolute(String dir) {
        String home = System.getProperty("user.home");
        String expanded = dir.startsWith("~/") ? home + dir.substring(1) : dir;
        return Path.of(expanded).toAbsolutePath().normalize();
    }
}
