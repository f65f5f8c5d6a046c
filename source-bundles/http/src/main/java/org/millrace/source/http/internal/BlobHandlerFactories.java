package org.millrace.source.http.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.source.http.BadRequestException;
import org.millrace.source.http.HttpRequestHandler;
import org.millrace.source.http.HttpRequestHandlerFactory;
import org.millrace.source.http.HttpSourceRequest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's two handlers that make one event of a request's body, its parameters as headers. */
final class BlobHandlerFactories {
    private BlobHandlerFactories() {
    }

    /** The first value of each parameter, as headers (names and values alternating). */
    static List<String> parameters(HttpSourceRequest request) {
        List<String> headers = new ArrayList<>();
        request.parameters().forEach((name, values) -> {
            headers.add(name);
            headers.add(values.isEmpty() ? "" : values.get(0));
        });
        return headers;
    }

    /**
     * Flume's {@code BLOBHandler}: the body as it is; every parameter named in mandatoryParameters must be given.
     * (Flume, given none, demands a parameter with an empty name; here no parameter is then demanded.)
     */
    @Component(property = {ConnectorTypes.TYPE + "=org.apache.flume.source.http.BLOBHandler"})
    public static final class Blob implements HttpRequestHandlerFactory {

        /** Flume's properties of the BLOBHandler. */
        @ObjectClassDefinition(name = "Millrace BLOB handler", description = "The request body as one event")
        public @interface Config {
            /** Parameters a request must have, comma-separated. */
            @AttributeDefinition(required = false, description = "Comma-separated parameters a request must give")
            String mandatoryParameters() default "";
        }

        @Override
        public HttpRequestHandler create(ComponentConfig config) throws ConfigurationException {
            List<String> mandatory = Arrays.stream(config.as(Config.class).mandatoryParameters().split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            return request -> {
                for (String name : mandatory) {
                    if (!request.parameters().containsKey(name)) {
                        throw new BadRequestException("Please specify " + name + " parameter in the request.");
                    }
                }
                return List.of(Event.withHeaders(request.body(), parameters(request).toArray(String[]::new)));
            };
        }
    }

    /**
     * Flume's morphline {@code BlobHandler}: the body, cut at maxBlobLength bytes, with its Content-Type and the
     * parameters as headers.
     */
    @Component(property = {ConnectorTypes.TYPE + "=blob",
        ConnectorTypes.TYPE + "=org.apache.flume.sink.solr.morphline.BlobHandler"})
    public static final class Morphline implements HttpRequestHandlerFactory {

        /** Flume's properties of the BlobHandler. */
        @ObjectClassDefinition(name = "Millrace blob handler", description = "The request body as one event")
        public @interface Config {
            /** The largest event, in bytes. */
            @AttributeDefinition(min = "1", description = "The maximum number of bytes to read and buffer for a"
                    + " given request")
            int maxBlobLength() default 100_000_000;
        }

        @Override
        public HttpRequestHandler create(ComponentConfig config) throws ConfigurationException {
            int max = config.as(Config.class).maxBlobLength();
            return request -> {
                List<String> headers = new ArrayList<>();
                if (request.contentType() != null) {
                    headers.add("Content-Type");
                    headers.add(request.contentType());
                }
                headers.addAll(parameters(request));
                byte[] body = request.body();
                return List.of(Event.withHeaders(body.length > max ? Arrays.copyOf(body, max) : body,
                        headers.toArray(String[]::new)));
            };
        }
    }
}
