package org.millrace.monitoring.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers monitoring requests: {@code /metrics} (Flume's JSON; {@code ?agent=a1} for one agent under Flume's plain
 * names), {@code /prometheus} (text exposition, or OpenMetrics when the scraper asks for it), {@code /api/flows}
 * (what the flow view draws) and the flow view's files under {@code /}. Only GET and HEAD; TRACE and OPTIONS are
 * forbidden, as in Flume.
 */
@ChannelHandler.Sharable
final class MonitoringRequests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringRequests.class);
    private static final String UI = "/org/millrace/monitoring/http/ui/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css",
            "/cytoscape.min.js", "cytoscape/cytoscape.min.js",
            "/cytoscape-LICENSE", "cytoscape/LICENSE");
    private static final String JSON = "application/json;charset=utf-8";

    private final Agents agents;

    MonitoringRequests(Agents agents) {
        this.agents = agents;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "malformed request\n");
            return;
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.OPTIONS)) {
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, "text/plain", "forbidden\n");
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equalsIgnoreCase("/metrics")) { // Flume compares case-insensitively
            List<String> agent = uri.parameters().get("agent");
            List<AgentStatus> all = agents.list();
            respond(ctx, request, HttpResponseStatus.OK, JSON, agent == null ? FlumeJson.of(all)
                    : FlumeJson.ofAgent(all.stream().filter(a -> agent.contains(a.name())).toList()));
        } else if (path.equals("/prometheus")) {
            boolean openMetrics = request.headers().get(HttpHeaderNames.ACCEPT, "")
                    .contains("application/openmetrics-text");
            respond(ctx, request, HttpResponseStatus.OK, openMetrics ? PrometheusText.OPENMETRICS_TYPE
                    : PrometheusText.TEXT_TYPE, PrometheusText.of(agents.list(), openMetrics));
        } else if (path.equals("/api/flows")) {
            respond(ctx, request, HttpResponseStatus.OK, JSON, FlowsJson.of(agents));
        } else if (FILES.containsKey(path)) {
            String file = FILES.get(path);
            try (InputStream in = MonitoringRequests.class.getResourceAsStream(UI + file)) {
                if (in == null) {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not in this build\n");
                    return;
                }
                respond(ctx, request, HttpResponseStatus.OK, contentType(file), in.readAllBytes());
            }
        } else {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not found: try /, /metrics or"
                    + " /prometheus\n");
        }
    }

    private static String contentType(String file) {
        return file.endsWith(".html") ? "text/html;charset=utf-8" : file.endsWith(".js")
                ? "text/javascript;charset=utf-8" : file.endsWith(".css") ? "text/css;charset=utf-8"
                : "text/plain;charset=utf-8";
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String type, String body) {
        respond(ctx, request, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String type, byte[] body) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && status.code() < 400;
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("[monitoring] connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
