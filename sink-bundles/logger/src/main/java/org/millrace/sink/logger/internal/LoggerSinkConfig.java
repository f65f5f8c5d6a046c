package org.millrace.sink.logger.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The logger sink's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace logger sink",
        description = "Flume's logger sink: logs each event at INFO (headers and a hex dump of the body)")
public @interface LoggerSinkConfig {

    /** Body bytes shown per event. */
    @AttributeDefinition(min = "0", description = "Maximum number of bytes of the Event body to log")
    int maxBytesToLog() default 16;
}
