package org.millrace.sink.nullsink.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The null sink's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace null sink",
        description = "Flume's null sink: takes events from its channel and discards them")
public @interface NullSinkConfig {

    /** Events taken per transaction. */
    @AttributeDefinition(min = "1", description = "Number of events taken per transaction")
    int batchSize() default 100;
}
