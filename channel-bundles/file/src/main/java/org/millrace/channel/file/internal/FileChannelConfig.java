package org.millrace.channel.file.internal;

import org.millrace.api.AtMost;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The file channel's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace file channel",
        description = "Flume's file channel: a write-ahead log on disk; a committed event survives a crash")
public @interface FileChannelConfig {

    /** Empty means Flume's default, ~/.flume/file-channel/checkpoint. */
    @AttributeDefinition(required = false, description = "The directory where checkpoint file will be stored"
            + " (default ~/.flume/file-channel/checkpoint)")
    String checkpointDir() default "";

    /** Also write every checkpoint to backupCheckpointDir, used when the main one is damaged. */
    @AttributeDefinition(description = "Backup the checkpoint")
    boolean useDualCheckpoints() default false;

    /** Must differ from checkpointDir. */
    @AttributeDefinition(required = false, description = "The directory where the checkpoint is backed up to")
    String backupCheckpointDir() default "";

    /** Comma-separated; empty means Flume's default, ~/.flume/file-channel/data. */
    @AttributeDefinition(required = false, description = "Comma separated list of directories for storing log files"
            + " (default ~/.flume/file-channel/data)")
    String dataDirs() default "";

    /** Events one transaction may put or take at most. */
    @AttributeDefinition(min = "1", description = "The maximum size of transaction supported by the channel")
    @AtMost("capacity")
    int transactionCapacity() default 10000;

    /** Milliseconds between checkpoints; replay after a crash reads the log written since the last one. */
    @AttributeDefinition(min = "1", description = "Amount of time (in millis) between checkpoints")
    long checkpointInterval() default 30000;

    /** A log file rolls over at this size; values above the default are capped to it, as in Flume. */
    @AttributeDefinition(min = "1024", description = "Max size (in bytes) of a single log file")
    long maxFileSize() default 2146435071L;

    /** Puts fail while less is free on the log's disk; values below 1 MiB are raised to it, as in Flume. */
    @AttributeDefinition(min = "0", description = "Minimum Required free space (in bytes)")
    long minimumRequiredSpace() default 524288000L;

    /** Events the channel holds at most. */
    @AttributeDefinition(min = "1", description = "Maximum capacity of the channel")
    int capacity() default 1000000;

    /** Seconds a put waits for room. */
    @AttributeDefinition(min = "0", description = "Amount of time (in sec) to wait for a put operation")
    int keep$_$alive() default 3;

    /** Whether stopping the channel writes a checkpoint, so the next start replays nothing. */
    @AttributeDefinition(description = "Controls if a checkpoint is created when the channel is closed")
    boolean checkpointOnClose() default true;

    /** True: a commit returns after its fsync. False: the log is synced every fsyncInterval seconds only. */
    @AttributeDefinition(description = "Whether every committed transaction is synced to disk before it returns")
    boolean fsyncPerTransaction() default true;

    /** Seconds between syncs when fsyncPerTransaction is false. */
    @AttributeDefinition(min = "1", description = "Amount of time (in sec) between syncs of the log to disk, when"
            + " fsyncPerTransaction is false")
    int fsyncInterval() default 5;

    /** Accepted for Flume files; Millrace's replay needs no choice of strategy. */
    @AttributeDefinition(description = "Expert: Use old replay logic (accepted, no effect in Millrace)")
    boolean use$_$log$_$replay$_$v1() default false;

    /** Accepted for Flume files; Millrace's replay needs no choice of strategy. */
    @AttributeDefinition(description = "Expert: Replay without using queue (accepted, no effect in Millrace)")
    boolean use$_$fast$_$replay() default false;
}
