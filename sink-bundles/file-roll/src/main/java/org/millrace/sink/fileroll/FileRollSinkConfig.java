package org.millrace.sink.fileroll;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The file_roll sink's properties: Flume's names and defaults (serializer settings under sink.serializer.*). */
@ObjectClassDefinition(name = "Millrace file_roll sink",
        description = "Flume's file_roll sink: events to files in a directory, rolled every interval")
public @interface FileRollSinkConfig {

    /** Where files go; created if missing. */
    @AttributeDefinition(description = "The directory where files will be stored")
    String sink_directory();

    /** DEFAULT (start time and counter) or ROLLTIME (time of each roll). */
    @AttributeDefinition(description = "The PathManager implementation to use: DEFAULT or ROLLTIME")
    PathManager sink_pathManager() default PathManager.DEFAULT;

    /** File name extension, without the dot. */
    @AttributeDefinition(required = false, description = "The file extension if the default PathManager is used")
    String sink_pathManager_extension() default "";

    /** File name prefix. */
    @AttributeDefinition(required = false, description = "A character string to add to the beginning of the file"
            + " name if the default PathManager is used")
    String sink_pathManager_prefix() default "";

    /** Seconds between rolls; 0 never rolls. */
    @AttributeDefinition(min = "0", description = "Roll the file every this many seconds; 0 writes one file")
    long sink_rollInterval() default 30;

    /** TEXT, HEADER_AND_TEXT or AVRO_EVENT. */
    @AttributeDefinition(description = "TEXT, HEADER_AND_TEXT or AVRO_EVENT (Avro data file, Flume's schema)")
    Serializer sink_serializer() default Serializer.TEXT;

    /** Events per transaction. */
    @AttributeDefinition(min = "1", description = "Events taken and written per transaction")
    int sink_batchSize() default 100;

    /** File naming. */
    enum PathManager {
        /** {@code <prefix><start ms>-<n>[.<extension>]}. */
        DEFAULT,
        /** {@code <prefix><yyyyMMddHHmmss>-<n>[.<extension>]}. */
        ROLLTIME
    }

    /** File formats. */
    enum Serializer {
        /** The body, then a newline (sink.serializer.appendNewline, default true). */
        TEXT,
        /** The headers, a space, the body, a newline. */
        HEADER_AND_TEXT,
        /** An Avro data file of Flume's event schema (sink.serializer.syncIntervalBytes, .compressionCodec). */
        AVRO_EVENT
    }
}
