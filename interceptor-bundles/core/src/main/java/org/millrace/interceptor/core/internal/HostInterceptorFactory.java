package org.millrace.interceptor.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flume's host interceptor (type {@code host}): this host's address or name as a header. */
@Component(configurationPid = HostInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=host",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.HostInterceptor$Builder"})
@Designate(ocd = HostInterceptorFactory.Config.class, factory = true)
public final class HostInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.host";
    private static final Logger LOG = LoggerFactory.getLogger(HostInterceptorFactory.class);

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace host interceptor",
            description = "Puts this agent's host address or name into a header")
    public @interface Config {
        /** Whether an existing header is kept. */
        @AttributeDefinition(description = "If the host header already exists, should it be preserved")
        boolean preserveExisting() default false;

        /** Address (true) or host name (false). */
        @AttributeDefinition(description = "Use the IP Address if true, else use hostname")
        boolean useIP() default true;

        /** The header to set. */
        @AttributeDefinition(description = "The header key to be used")
        String hostHeader() default "host";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        String host = localHost(c.useIP(), config);
        String header = c.hostHeader();
        boolean preserve = c.preserveExisting();
        return event -> HeaderStamp.put(event, header, host, preserve);
    }

    /** Resolved once, as Flume does; if the host cannot be resolved events pass unstamped, as in Flume. */
    private static String localHost(boolean useIP, ComponentConfig config) {
        try {
            InetAddress address = InetAddress.getLocalHost();
            return useIP ? address.getHostAddress() : address.getCanonicalHostName();
        } catch (UnknownHostException e) {
            LOG.warn("[{}/{}] cannot resolve the local host, events pass without a host header: {}",
                    config.agentName(), config.componentName(), e.toString());
            return null;
        }
    }
}
