package org.millrace.network;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Millrace's bounds on a server's connections (Flume has none). */
@ObjectClassDefinition(name = "Millrace connection limits", description = "How many peers a source serves at once,"
        + " and how long a silent one keeps its connection")
public @interface ConnectionLimitConfig {

    /** Connections served at once; 0 for no limit of the source's own. */
    @AttributeDefinition(min = "0", description = "Connections served at once; one more is closed at once and"
            + " counted (ConnectionRefusedCount); 0 for no limit of this source's own (the process's still holds)")
    int max$_$connections() default 4096;

    /** Seconds a connection may stay silent before it is closed; 0 to keep silent connections open (Flume's way). */
    @AttributeDefinition(min = "0", description = "Seconds a connection may send nothing before it is closed and"
            + " counted (ConnectionIdleClosedCount); 0 to keep silent connections open, as Flume does")
    int idle$_$timeout() default 0;
}
