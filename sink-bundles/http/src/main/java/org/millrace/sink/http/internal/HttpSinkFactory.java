package org.millrace.sink.http.internal;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Sink;
import org.millrace.api.SinkFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the HTTP sink for Flume's type {@code http}. */
@Component(configurationPid = HttpSinkFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=http", ConnectorTypes.TYPE + "=org.apache.flume.sink.http.HttpSink"})
@Designate(ocd = HttpSinkConfig.class, factory = true)
public final class HttpSinkFactory implements SinkFactory {
    static final String PID = "org.millrace.sink.http";

    @Override
    public Sink create(ComponentConfig config) throws ConfigurationException {
        List<ConfigProblem> problems = new ArrayList<>();
        HttpSinkConfig c = ConfigurationException.collect(problems, () -> config.as(HttpSinkConfig.class));
        boolean backoff = c == null || c.defaultBackoff();
        boolean rollback = c == null || c.defaultRollback();
        boolean metrics = c != null && c.defaultIncrementMetrics();
        StatusRules backoffRules = StatusRules.of(config, "backoff", backoff, problems);
        StatusRules rollbackRules = StatusRules.of(config, "rollback", rollback, problems);
        StatusRules metricsRules = StatusRules.of(config, "incrementMetrics", metrics, problems);
        URL endpoint = null;
        if (c != null) {
            try {
                URI uri = new URI(c.endpoint());
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new URISyntaxException(c.endpoint(), "not an http or https URL");
                }
                endpoint = uri.toURL();
            } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
                problems.add(config.problem("endpoint", "Endpoint URL invalid: " + e.getMessage()));
            }
        }
        ConfigurationException.throwIfAny(problems);
        return new HttpSink(new HttpSink.Settings(endpoint, c.connectTimeout(), c.requestTimeout(),
                c.contentTypeHeader(), c.acceptHeader(), backoffRules, rollbackRules, metricsRules));
    }
}
