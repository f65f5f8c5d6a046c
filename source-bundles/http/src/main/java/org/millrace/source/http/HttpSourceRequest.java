package org.millrace.source.http;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/** A request the http source received, whole: what a handler reads to make events. */
@org.osgi.annotation.versioning.ProviderType
public interface HttpSourceRequest {

    /** GET or POST. */
    String method();

    /** The path, without the query. */
    String path();

    /** The value of a request header, or null. */
    String header(String name);

    /** The Content-Type header, or null. */
    String contentType();

    /** The character set the Content-Type names, or null if it names none. */
    Charset charset();

    /** The parameters of the query string and, for a form, of the body, by name, in order. */
    Map<String, List<String>> parameters();

    /** The body. */
    byte[] body();

    /** Who sent it. */
    SocketAddress remoteAddress();
}
