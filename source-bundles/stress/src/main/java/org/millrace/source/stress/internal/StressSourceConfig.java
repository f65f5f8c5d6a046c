package org.millrace.source.stress.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The stress source's properties: Flume's names and defaults. */
@ObjectClassDefinition(name = "Millrace stress source",
        description = "Flume's StressSource: events of a fixed size, as fast as the channels take them or at a"
                + " set rate")
public @interface StressSourceConfig {

    /** Bytes per event body. */
    @AttributeDefinition(min = "0", description = "Payload size of each Event")
    int size() default 500;

    /** Events to attempt in all (-1: no limit). */
    @AttributeDefinition(min = "-1", description = "Maximum number of Events to be sent (refused attempts count);"
            + " -1 for no limit")
    long maxTotalEvents() default -1;

    /** Events to deliver in all (-1: no limit). */
    @AttributeDefinition(min = "-1", description = "Maximum number of Events successfully sent; -1 for no limit")
    long maxSuccessfulEvents() default -1;

    /** Events per transaction. */
    @AttributeDefinition(min = "1", description = "Number of Events to be sent in one batch")
    int batchSize() default 1;

    /** Events a second, at most (0: as fast as the channels take them). */
    @AttributeDefinition(min = "0", description = "When greater than zero, the most events sent per second")
    int maxEventsPerSecond() default 0;

    /** Back-off step after a refused batch, ms. */
    @AttributeDefinition(min = "1", description = "Back-off increment in ms after the channel refused a batch")
    long backoffSleepIncrement() default 1000;

    /** Longest back-off, ms. */
    @AttributeDefinition(min = "1", description = "Longest back-off in ms")
    long maxBackoffSleep() default 5000;
}
