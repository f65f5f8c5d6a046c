package org.millrace.interceptor.core.internal;

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

/** Flume's static interceptor (type {@code static}): a fixed header on every event. */
@Component(configurationPid = StaticInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=static",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.StaticInterceptor$Builder"})
@Designate(ocd = StaticInterceptorFactory.Config.class, factory = true)
public final class StaticInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.static";

    /** Flume's properties and defaults (yes, the defaults are literally "key" and "value"). */
    @ObjectClassDefinition(name = "Millrace static interceptor",
            description = "Puts a fixed header on every event")
    public @interface Config {
        /** Whether an existing header is kept. */
        @AttributeDefinition(description = "If configured header already exists, should it be preserved")
        boolean preserveExisting() default true;

        /** The header name. */
        @AttributeDefinition(description = "Name of header that should be created")
        String key() default "key";

        /** The header value. */
        @AttributeDefinition(description = "Static value that should be created")
        String value() default "value";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        String key = c.key();
        String value = c.value();
        boolean preserve = c.preserveExisting();
        return event -> HeaderStamp.put(event, key, value, preserve);
    }
}
