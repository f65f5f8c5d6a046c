package org.millrace.source.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.millrace.api.ChannelException;
import org.millrace.api.Event;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;
import org.millrace.source.http.BadRequestException;
import org.millrace.source.http.HttpRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.millrace.api.SourceCounter.Name.AppendBatchAcceptedCount;
import static org.millrace.api.SourceCounter.Name.AppendBatchReceivedCount;
import static org.millrace.api.SourceCounter.Name.ChannelWriteFail;
import static org.millrace.api.SourceCounter.Name.EventAcceptedCount;
import static org.millrace.api.SourceCounter.Name.EventReadFail;
import static org.millrace.api.SourceCounter.Name.EventReceivedCount;
import static org.millrace.api.SourceCounter.Name.GenericProcessingFail;

/**
 * Flume's HTTP source on Netty: each POST (or GET) is read whole, up to maxRequestBytes, turned into events by the
 * handler and committed in one transaction; answered as Flume answers: 200 once committed, 400 when the handler
 * rejects the request, 503 when the channel refuses it (the client keeps its events and retries), 500 on a
 * handler's failure. Connections are kept alive; one silent for the idle timeout is closed. Requests are served on
 * the source's own threads, as a commit may wait for its channel.
 */
final class HttpSource extends TcpServerSource {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
    private static final int MAX_INITIAL_LINE = 4096;

    private final HttpRequestHandler handler;
    private final int maxRequestBytes;
    private final JettySettings jetty;

    HttpSource(HttpSourceConfig config, HttpRequestHandler handler, JettySettings jetty, TcpServer.Settings network) {
        super(config.bind(), config.port(), network);
        this.handler = handler;
        this.maxRequestBytes = config.maxRequestBytes();
        this.jetty = jetty;
    }

    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        if (!jetty.unused().isEmpty()) {
            LOG.info("[{}] Jetty settings {} do not apply: Millrace serves HTTP with Netty", context().label(),
                    jetty.unused());
        }
        return server.ownIoThreads(0).idleTimeout(jetty.idleTimeoutMillis()).handlers(ch -> ch.pipeline().addLast(
                new HttpServerCodec(MAX_INITIAL_LINE, jetty.requestHeaderSize(), 8192),
                new HttpServerKeepAliveHandler(),
                new Aggregator(maxRequestBytes, context()),
                new Requests(context())));
    }

    /** Reads requests whole; one over the bound is answered 413 by the aggregator, and counted here. */
    private static final class Aggregator extends HttpObjectAggregator {
        private final SourceContext context;

        Aggregator(int maxContentLength, SourceContext context) {
            super(maxContentLength, true);
            this.context = context;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage m)
                throws Exception {
            context.counter().increment(EventReadFail);
            LOG.warn("[{}] {} sent a request over {} bytes (maxRequestBytes): answered 413", context.label(),
                    ctx.channel().remoteAddress(), maxContentLength());
            super.handleOversizedMessage(ctx, m);
        }
    }

    /** Serves the requests of one connection. */
    private final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final SourceContext context;

        Requests(SourceContext context) {
            this.context = context;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.decoderResult().isFailure()) {
                context.counter().increment(EventReadFail);
                answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "Malformed request: "
                        + request.decoderResult().cause().getMessage(), true);
                return;
            }
            HttpMethod method = request.method();
            if (method.equals(HttpMethod.TRACE) || method.equals(HttpMethod.OPTIONS)) {
                answer(ctx, request, HttpResponseStatus.FORBIDDEN, "", false);
                return;
            }
            if (!method.equals(HttpMethod.POST) && !method.equals(HttpMethod.GET)) {
                answer(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "POST events", false);
                return;
            }
            SourceCounter counter = context.counter();
            List<Event> events;
            try {
                events = handler.events(new ReceivedRequest(request, ctx.channel().remoteAddress()));
            } catch (BadRequestException e) {
                counter.increment(EventReadFail);
                LOG.debug("[{}] bad request from {}: {}", context.label(), ctx.channel().remoteAddress(),
                        e.getMessage());
                answer(ctx, request, HttpResponseStatus.BAD_REQUEST, "Bad request from client. " + e.getMessage(),
                        false);
                return;
            } catch (RuntimeException e) {
                counter.increment(EventReadFail);
                LOG.warn("[{}] handler failed: {}", context.label(), e.toString(), e);
                answer(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Deserializer threw unexpected"
                        + " exception. " + e.getMessage(), false);
                return;
            }
            int max = context.channelProcessor().maxBatchSize();
            if (events.size() > max) {
                counter.increment(EventReadFail);
                answer(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, events.size() + " events in one"
                        + " request; the channel takes at most " + max + " per transaction (transactionCapacity)",
                        false);
                return;
            }
            counter.increment(AppendBatchReceivedCount);
            counter.add(EventReceivedCount, events.size());
            try {
                context.channelProcessor().processEventBatch(events);
            } catch (ChannelException e) {
                counter.increment(ChannelWriteFail);
                LOG.debug("[{}] channel refused {} events: {}", context.label(), events.size(), e.getMessage());
                answer(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "Error appending event to channel."
                        + " Channel might be full. " + e.getMessage(), false);
                return;
            } catch (RuntimeException e) {
                counter.increment(GenericProcessingFail);
                LOG.warn("[{}] delivering {} events failed: {}", context.label(), events.size(), e.toString(), e);
                answer(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Unexpected error while appending"
                        + " event to channel. " + e.getMessage(), false);
                return;
            }
            counter.increment(AppendBatchAcceptedCount);
            counter.add(EventAcceptedCount, events.size());
            answer(ctx, request, HttpResponseStatus.OK, "", false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("[{}] connection {} failed: {}", context.label(), ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }

        private void answer(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                String message, boolean close) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    message.isEmpty() ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            if (close || !HttpUtil.isKeepAlive(request)) {
                HttpUtil.setKeepAlive(response, false);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(response);
            }
        }
    }
}
