package org.millrace.source.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.millrace.network.TcpServer;
import org.millrace.source.http.HttpRequestHandler;
import org.millrace.source.http.HttpRequestHandlerFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the http source for Flume's type {@code http}; finds handlers among the handler factories registered
 * (its own and other bundles'), a missing one making the source wait for its bundle.
 */
@Component(configurationPid = HttpSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=http", ConnectorTypes.TYPE + "=org.apache.flume.source.http.HTTPSource"})
@Designate(ocd = HttpSourceConfig.class, factory = true)
public final class HttpSourceFactory implements SourceFactory {
    static final String PID = "org.millrace.source.http";
    /** Flume's older names of TLS keys, and the names now used. */
    private static final Map<String, String> DEPRECATED = Map.of("enableSSL", "ssl", "keystorePassword",
            "keystore-password", "excludeProtocols", "exclude-protocols");

    private final Map<String, HttpRequestHandlerFactory> handlers = new ConcurrentHashMap<>();

    /** A factory with only the built-in handlers, outside OSGi. */
    public static HttpSourceFactory withBuiltIns() {
        HttpSourceFactory factory = new HttpSourceFactory();
        factory.add(new JsonHandlerFactory(), List.of("json", JsonHandlerFactory.FLUME_CLASS));
        factory.add(new BlobHandlerFactories.Blob(), List.of("org.apache.flume.source.http.BLOBHandler"));
        factory.add(new BlobHandlerFactories.Morphline(), List.of("blob",
                "org.apache.flume.sink.solr.morphline.BlobHandler"));
        return factory;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(HttpRequestHandlerFactory factory, Map<String, Object> properties) {
        add(factory, ConnectorTypes.names(properties.get(ConnectorTypes.TYPE)));
    }

    void removeHandler(HttpRequestHandlerFactory factory) {
        handlers.values().removeIf(f -> f == factory);
    }

    private void add(HttpRequestHandlerFactory factory, List<String> types) {
        types.forEach(t -> handlers.put(t.toLowerCase(Locale.ROOT), factory));
    }

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        HttpSourceConfig c = ConfigurationException.collect(problems, () -> config.as(HttpSourceConfig.class));
        TcpServer.Settings network = ConfigurationException.collect(problems,
                () -> TcpServer.Settings.of(withCurrentTlsNames(config)));
        JettySettings jetty = JettySettings.of(config, problems);
        HttpRequestHandler handler = null;
        if (c != null) {
            HttpRequestHandlerFactory factory = handlers.get(c.handler().trim().toLowerCase(Locale.ROOT));
            if (factory == null) {
                problems.add(ConfigProblem.typeNotInstalled(config.key("handler"), c.handler().trim(), "handler"));
            } else {
                handler = ConfigurationException.collect(problems, () -> factory.create(config.subset("handler.")));
            }
        }
        ConfigurationException.throwIfAny(problems);
        return new HttpSource(c, handler, jetty, network);
    }

    /** Flume's older TLS key names, where the current ones are not set. */
    private static ComponentConfig withCurrentTlsNames(ComponentConfig config) {
        Map<String, String> properties = new LinkedHashMap<>(config.properties());
        DEPRECATED.forEach((old, current) -> {
            String value = config.get(old);
            if (value != null && !properties.containsKey(current)) {
                properties.put(current, value);
            }
        });
        return config.inner(config.type(), properties);
    }
}
