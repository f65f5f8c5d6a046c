package org.millrace.source.http.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.millrace.source.http.HttpSourceRequest;

/** A Netty request as handlers see it, its parameters decoded on first use. */
final class ReceivedRequest implements HttpSourceRequest {
    private final FullHttpRequest request;
    private final SocketAddress remote;
    private final byte[] body;
    private Map<String, List<String>> parameters;

    ReceivedRequest(FullHttpRequest request, SocketAddress remote) {
        this.request = request;
        this.remote = remote;
        this.body = ByteBufUtil.getBytes(request.content());
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return new QueryStringDecoder(request.uri()).path();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public String contentType() {
        return request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    }

    /** The charset the Content-Type names; an unknown one is an {@link IllegalArgumentException}. */
    @Override
    public Charset charset() {
        CharSequence name = HttpUtil.getCharsetAsSequence(request);
        return name == null ? null : Charset.forName(name.toString().trim());
    }

    @Override
    public Map<String, List<String>> parameters() {
        if (parameters == null) {
            parameters = new LinkedHashMap<>(new QueryStringDecoder(request.uri()).parameters());
            String type = contentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                new QueryStringDecoder(new String(body, StandardCharsets.ISO_8859_1), false).parameters()
                        .forEach((k, v) -> parameters.merge(k, v, (a, b) -> {
                            List<String> all = new ArrayList<>(a);
                            all.addAll(b);
                            return all;
                        }));
            }
        }
        return parameters;
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }
}
