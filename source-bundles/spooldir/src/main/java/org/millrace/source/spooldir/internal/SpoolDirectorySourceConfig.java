package org.millrace.source.spooldir.internal;

import org.millrace.serialization.DecodeErrorPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The spooldir source's properties: Flume's names and defaults. The deserializer's own settings are
 * {@code deserializer.*} (e.g. {@code deserializer.maxLineLength} for LINE).
 */
@ObjectClassDefinition(name = "Millrace spooling directory source",
        description = "Flume's spooldir source: reads each file placed in a directory once, then renames or"
                + " deletes it; files must not change once they are there")
public @interface SpoolDirectorySourceConfig {

    /** When a finished file is deleted. */
    enum DeletePolicy { NEVER, IMMEDIATE }

    /** How finished files are marked. */
    enum TrackingPolicy { RENAME, TRACKER_DIR }

    /** Which file is read next. */
    enum ConsumeOrder { OLDEST, YOUNGEST, RANDOM }

    /** The directory read. */
    @AttributeDefinition(description = "The directory from which to read files from")
    String spoolDir();

    /** Appended to the name of a finished file. */
    @AttributeDefinition(description = "Suffix to append to completely ingested files")
    String fileSuffix() default ".COMPLETED";

    /** Whether finished files are deleted. */
    @AttributeDefinition(description = "When to delete completed files: never or immediate")
    DeletePolicy deletePolicy() default DeletePolicy.NEVER;

    /** Whether to add the file's absolute path as a header. */
    @AttributeDefinition(description = "Whether to add a header storing the absolute path filename")
    boolean fileHeader() default false;

    /** The header {@link #fileHeader()} sets. */
    @AttributeDefinition(description = "Header key to use when appending absolute path filename to event header")
    String fileHeaderKey() default "file";

    /** Whether to add the file's name as a header. */
    @AttributeDefinition(description = "Whether to add a header storing the basename of the file")
    boolean basenameHeader() default false;

    /** The header {@link #basenameHeader()} sets. */
    @AttributeDefinition(description = "Header Key to use when appending basename of file to event header")
    String basenameHeaderKey() default "basename";

    /** Names of files to read. */
    @AttributeDefinition(description = "Regular expression specifying which files to include")
    String includePattern() default "^.*$";

    /** Names of files (and, recursively, directories) to leave alone. */
    @AttributeDefinition(description = "Regular expression specifying which files to ignore (skip)")
    String ignorePattern() default "^$";

    /** Where progress is kept; relative to the spool directory unless absolute. */
    @AttributeDefinition(description = "Directory to store metadata related to processing of files; relative to"
            + " spoolDir unless absolute")
    String trackerDir() default ".flumespool";

    /** Whether finished files are renamed or recorded in the tracker directory. */
    @AttributeDefinition(description = "How file processing is tracked: rename (fileSuffix appended) or"
            + " tracker_dir (an empty file named after it, with fileSuffix, in trackerDir)")
    TrackingPolicy trackingPolicy() default TrackingPolicy.RENAME;

    /** Which waiting file is read next. */
    @AttributeDefinition(description = "In which order files in the spooling directory will be consumed: oldest,"
            + " youngest (by modification time, then name) or random")
    ConsumeOrder consumeOrder() default ConsumeOrder.OLDEST;

    /** Milliseconds between looks for new files. */
    @AttributeDefinition(min = "1", description = "Delay (in milliseconds) used when polling for new files")
    int pollDelay() default 500;

    /** Whether subdirectories are read too. */
    @AttributeDefinition(description = "Whether to monitor sub directories for new files to read")
    boolean recursiveDirectorySearch() default false;

    /** Longest pause before trying a refusing channel again, ms. */
    @AttributeDefinition(min = "1", description = "The maximum time (in millis) to wait between consecutive"
            + " attempts to write to the channel(s) if the channel is full")
    int maxBackoff() default 4000;

    /** Events per channel transaction. */
    @AttributeDefinition(min = "1", description = "Granularity at which to batch transfer to the channel")
    int batchSize() default 100;

    /** The character set text is read in. */
    @AttributeDefinition(description = "Character set used by deserializers that treat the input file as text")
    String inputCharset() default "UTF-8";

    /** What invalid text does. */
    @AttributeDefinition(description = "What to do when there is a non-decodable character in the input file:"
            + " FAIL (the file stops there, loudly), REPLACE (with U+FFFD) or IGNORE (dropped)")
    DecodeErrorPolicy decodeErrorPolicy() default DecodeErrorPolicy.FAIL;

    /** How files become events: LINE, AVRO, a Builder class name or a custom type. */
    @AttributeDefinition(description = "The deserializer used to parse the file into events: LINE, AVRO,"
            + " org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder or a custom type")
    String deserializer() default "LINE";

    /** Flume's older name for deserializer.maxLineLength (LINE only). */
    @AttributeDefinition(min = "1", required = false, description = "(Deprecated) Maximum length of a line;"
            + " use deserializer.maxLineLength")
    int bufferMaxLineLength() default 0;
}
