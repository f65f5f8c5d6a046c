package org.millrace.sink.fileroll.internal;

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

    /** A serializer type: text, header_and_text, avro_event, or a custom one's alias or Builder class name. */
    @AttributeDefinition(description = "TEXT, HEADER_AND_TEXT, AVRO_EVENT (Avro data file, Flume's schema), or the"
            + " alias or Builder class name of a serializer another bundle provides; its settings are"
            + " sink.serializer.*")
    String sink_serializer() default "TEXT";

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
}
