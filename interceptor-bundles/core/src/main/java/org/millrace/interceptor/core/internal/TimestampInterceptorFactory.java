package org.millrace.interceptor.core.internal;

import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's timestamp interceptor (type {@code timestamp}): the time of interception, in epoch ms, as a header. */
@Component(configurationPid = TimestampInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=timestamp",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.TimestampInterceptor$Builder"})
@Designate(ocd = TimestampInterceptorFactory.Config.class, factory = true)
public final class TimestampInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.timestamp";

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace timestamp interceptor",
            description = "Puts the time of interception (epoch milliseconds) into a header")
    public @interface Config {
        /** The header to set. */
        @AttributeDefinition(description = "The name of the header in which to place the generated timestamp")
        String headerName() default "timestamp";

        /** Whether an existing header is kept. */
        @AttributeDefinition(description = "If the timestamp already exists, should it be preserved")
        boolean preserveExisting() default false;
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        String header = c.headerName();
        boolean preserve = c.preserveExisting();
        return new Interceptor() {
            @Override
            public Event intercept(Event event) {
                return HeaderStamp.put(event, header, Long.toString(System.currentTimeMillis()), preserve);
            }

            @Override
            public List<Event> intercept(List<Event> events) {
                String now = Long.toString(System.currentTimeMillis());
                for (Event e : events) {
                    HeaderStamp.put(e, header, now, preserve);
                }
                return events;
            }
        };
    }
}
