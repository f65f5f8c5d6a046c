package org.millrace.source.taildir.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The taildir source's properties: Flume's names and defaults, plus Millrace's bound on a line's length. The file
 * groups themselves are {@code filegroups.<group>} (a path whose file-name part is a regular expression) and their
 * headers {@code headers.<group>.<header>}.
 */
@ObjectClassDefinition(name = "Millrace taildir source",
        description = "Flume's TAILDIR source: tails every file matching each file group's pattern, one event per"
                + " line; positions in Flume's JSON position file, written after every committed batch")
public @interface TaildirSourceConfig {

    /** The file group names; each needs {@code filegroups.<name>}. */
    @AttributeDefinition(description = "Space-separated list of file groups; each is filegroups.<name> = the path"
            + " of the files, whose file-name part is a regular expression (e.g. /var/log/app/.*\\.log)")
    String filegroups();

    /** Where positions are kept; empty for Flume's default under the user's home. */
    @AttributeDefinition(required = false, description = "File in JSON format to record the inode, the absolute"
            + " path and the last position of each tailing file (default ~/.flume/taildir_position.json)")
    String positionFile() default "";

    /** Whether to add the line's byte offset as header {@code byteoffset}. */
    @AttributeDefinition(description = "Whether to add the byte offset of a tailed line to a header called"
            + " 'byteoffset'")
    boolean byteOffsetHeader() default false;

    /** Whether files without a recorded position start at their end. */
    @AttributeDefinition(description = "Whether to skip the position to EOF in the case of files not written on"
            + " the position file")
    boolean skipToEnd() default false;

    /** Milliseconds without new data after which a file is closed (a rotated-away file is then let go). */
    @AttributeDefinition(min = "1", description = "Time (ms) to close inactive files; a file rotated or deleted"
            + " away is read to its end first")
    int idleTimeout() default 120000;

    /** Milliseconds between forcing the position file to disk. */
    @AttributeDefinition(min = "1", description = "Interval time (ms) to force the position file to disk; it is"
            + " written after every committed batch, so a killed agent re-sends at most one batch")
    int writePosInterval() default 3000;

    /** Lines per channel transaction. */
    @AttributeDefinition(min = "1", description = "Max number of lines to read and send to the channel at a time")
    int batchSize() default 100;

    /** Batches read from one file before the next file's turn (0 or less: no limit, as in Flume). */
    @AttributeDefinition(description = "Controls the number of batches being read consecutively from the same"
            + " file")
    long maxBatchCount() default Long.MAX_VALUE;

    /** Back-off step after a poll that found nothing, ms. */
    @AttributeDefinition(min = "1", description = "The increment for time delay before reattempting to poll for"
            + " new data, when the last attempt did not find any new data")
    long backoffSleepIncrement() default 1000;

    /** Longest back-off, ms. */
    @AttributeDefinition(min = "1", description = "The max time delay between each reattempt to poll for new data")
    long maxBackoffSleep() default 5000;

    /** Whether a directory is listed again only when it changed. */
    @AttributeDefinition(description = "Whether to cache the list of files matching the file patterns until the"
            + " directory is modified")
    boolean cachePatternMatching() default true;

    /** Whether to add the file's absolute path as a header. */
    @AttributeDefinition(description = "Whether to add a header storing the absolute path filename")
    boolean fileHeader() default false;

    /** The header {@link #fileHeader()} sets. */
    @AttributeDefinition(description = "Header key to use when appending absolute path filename to event header")
    String fileHeaderKey() default "file";

    /** Longest line kept whole, in bytes; a longer line is delivered in pieces of this size, and counted. */
    @AttributeDefinition(min = "1", description = "Millrace: the longest line, in bytes, delivered as one event; a"
            + " longer line becomes several events of this size (counted as LineSplitCount), so memory stays"
            + " bounded")
    int maxLineLength() default 1048576;
}
