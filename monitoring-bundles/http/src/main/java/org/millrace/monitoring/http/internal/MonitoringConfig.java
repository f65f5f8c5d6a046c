package org.millrace.monitoring.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.millrace.monitoring.cfg}: the monitoring listener, applied while running. When {@code type} is
 * not set, Flume's system properties {@code flume.monitoring.type} and {@code flume.monitoring.port} decide.
 */
@ObjectClassDefinition(name = "Millrace monitoring",
        description = "Flume's JSON metrics (/metrics), Prometheus exposition (/prometheus) and the live flow view (/)"
                + " over HTTP")
public @interface MonitoringConfig {

    /** {@code http} to listen, {@code none} not to; unset: Flume's system properties decide. */
    @AttributeDefinition(required = false, description = "http to serve monitoring, none to serve nothing; unset:"
            + " the system properties flume.monitoring.type/port decide, as in Flume")
    String type() default "";

    /** The TCP port; Flume's default. */
    @AttributeDefinition(min = "0", max = "65535", description = "TCP port (0: any free port, logged)")
    int port() default Listener.FLUME_PORT;

    /** The address to listen on. */
    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 for every interface")
    String bind() default Listener.LOCALHOST;
}
