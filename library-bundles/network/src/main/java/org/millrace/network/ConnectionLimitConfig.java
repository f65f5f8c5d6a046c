package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Millrace's bound on a server's open connections (Flume has none). */
@ObjectClassDefinition(name = "Millrace connection limit", description = "How many peers a source serves at once")
public @interface ConnectionLimitConfig {

    /** Connections served at once; 0 for no limit. */
    @AttributeDefinition(min = "0", description = "Connections served at once; one more is closed at once and"
            + " counted (EventReadFail); 0 for no limit")
    int max$_$connections() default 0;
}
