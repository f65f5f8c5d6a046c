package org.millrace.interceptor.core.internal;

import java.util.UUID;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's UUID interceptor: a random UUID (with an optional prefix) as a header, for de-duplication downstream. */
@Component(configurationPid = UuidInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=uuid",
            ConnectorTypes.TYPE + "=org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder"})
@Designate(ocd = UuidInterceptorFactory.Config.class, factory = true)
public final class UuidInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.uuid";

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace UUID interceptor", description = "Puts a random UUID into a header")
    public @interface Config {
        /** The header to set. */
        @AttributeDefinition(description = "The name of the Flume header to modify")
        String headerName() default "id";

        /** Whether an existing header is kept. */
        @AttributeDefinition(description = "If the UUID header already exists, should it be preserved")
        boolean preserveExisting() default true;

        /** Prepended to each UUID. */
        @AttributeDefinition(required = false, description = "The prefix string constant to prepend to each"
                + " generated UUID")
        String prefix() default "";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        String header = c.headerName();
        String prefix = c.prefix();
        boolean preserve = c.preserveExisting();
        return event -> preserve && event.header(header) != null ? event
                : HeaderStamp.put(event, header, prefix + UUID.randomUUID(), false);
    }
}
