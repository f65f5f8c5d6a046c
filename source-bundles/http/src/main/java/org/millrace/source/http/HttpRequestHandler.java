package org.millrace.source.http;

import java.util.List;
import org.millrace.api.Event;

/**
 * Makes the events of a request (Flume's {@code HTTPSourceHandler.getEvents}). The source commits them all in one
 * transaction and answers 200; a request the handler rejects is answered 400 with its reason. Called on the
 * source's threads, possibly several at once: keep no state between requests.
 */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface HttpRequestHandler {

    /**
     * The events of a request, in order.
     *
     * @throws BadRequestException if the request is not in the handler's format (answered 400)
     */
    List<Event> events(HttpSourceRequest request) throws BadRequestException;
}
