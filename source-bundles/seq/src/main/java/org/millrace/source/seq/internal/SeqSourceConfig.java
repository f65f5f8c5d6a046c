package org.millrace.source.seq.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The seq source's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace sequence generator source",
        description = "Flume's seq source: events whose bodies are 0, 1, 2... as text")
public @interface SeqSourceConfig {

    /** Events per transaction. */
    @AttributeDefinition(min = "1", description = "Number of events to attempt to process per request loop")
    int batchSize() default 1;

    /** Events to generate in all. */
    @AttributeDefinition(min = "0", description = "Number of unique events sent by the source")
    long totalEvents() default Long.MAX_VALUE;

    /** Back-off step after an idle poll, ms (Flume's pollable-source key). */
    @AttributeDefinition(min = "1", description = "Back-off increment in ms once all events are sent")
    long backoffSleepIncrement() default 1000;

    /** Longest back-off, ms (Flume's pollable-source key). */
    @AttributeDefinition(min = "1", description = "Longest back-off in ms")
    long maxBackoffSleep() default 5000;
}
