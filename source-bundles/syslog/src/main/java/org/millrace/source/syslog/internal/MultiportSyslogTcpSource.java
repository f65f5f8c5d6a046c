package org.millrace.source.syslog.internal;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Event;
import org.millrace.api.EventDrivenSource;
import org.millrace.api.Resource;
import org.millrace.api.SourceContext;
import org.millrace.api.SourceCounter;
import org.millrace.network.TcpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's multiport_syslogtcp source on the network toolkit: one listener per port, all on the shared event loops;
 * each line decoded in its port's character set and parsed as Flume's multiport source parses it (its own parser,
 * whose headers differ from syslogtcp's), committed batchSize at a time. A line that does not parse, or does not
 * decode, is kept whole as an {@code Invalid} event and counted.
 */
final class MultiportSyslogTcpSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(MultiportSyslogTcpSource.class);

    private final MultiportSyslogTcpSourceConfig config;
    private final List<Integer> ports;
    private final Charset defaultCharset;
    private final Map<Integer, Charset> portCharsets;
    private final KeepFields keep;
    private final TcpServer.Settings network;
    private final List<TcpServer> servers = new ArrayList<>();
    private SourceContext context;

    MultiportSyslogTcpSource(MultiportSyslogTcpSourceConfig config, List<Integer> ports, Charset defaultCharset,
            Map<Integer, Charset> portCharsets, KeepFields keep, TcpServer.Settings network) {
        this.config = config;
        this.ports = ports;
        this.defaultCharset = defaultCharset;
        this.portCharsets = portCharsets;
        this.keep = keep;
        this.network = network;
    }

    @Override
    public List<Resource> resources() {
        return ports.stream().map(p -> TcpServer.resource(config.host(), p)).toList();
    }

    @Override
    public void start(SourceContext sourceContext) throws Exception {
        this.context = sourceContext;
        int eventSize = config.eventSize();
        try {
            for (int port : ports) {
                Charset charset = portCharsets.getOrDefault(port, defaultCharset);
                servers.add(TcpServer.on(context.label(), config.host(), port).configured(network)
                        .counter(context.counter()).handlers(ch -> {
                            MultiportParser parser = new MultiportParser(keep, System::currentTimeMillis);
                            String[] more = new ClientHeaders(config.clientIPHeader(), config.clientHostnameHeader())
                                    .of(ch.remoteAddress(), portHeader(ch.localAddress()));
                            ch.pipeline().addLast(new SyslogFrameDecoder(eventSize, new MultiportLines(eventSize),
                                    frame -> pieces(frame, eventSize)), new SyslogConnection(context,
                                    config.batchSize(), line -> event(parser, line, charset, more)));
                        }).start());
            }
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    private String[] portHeader(InetSocketAddress local) {
        return config.portHeader().isEmpty() ? new String[0]
                : new String[] {config.portHeader(), String.valueOf(local.getPort())};
    }

    /** An octet-counted frame as lines of at most eventSize bytes, as a long line is cut. */
    private static List<SyslogMessage> pieces(ByteBuf frame, int eventSize) {
        int length = frame.readableBytes();
        if (length > 0 && frame.getByte(frame.readerIndex() + length - 1) == '\n') {
            length--;
        }
        List<SyslogMessage> lines = new ArrayList<>(1);
        for (int from = 0; from < length; from += eventSize) {
            byte[] bytes = new byte[Math.min(eventSize, length - from)];
            frame.getBytes(frame.readerIndex() + from, bytes);
            lines.add(new SyslogMessage(bytes, null, false, from + eventSize < length));
        }
        frame.skipBytes(frame.readableBytes());
        return lines;
    }

    private Event event(MultiportParser parser, SyslogMessage line, Charset charset, String[] more) {
        String text;
        try {
            text = charset.newDecoder().decode(ByteBuffer.wrap(line.bytes())).toString();
        } catch (CharacterCodingException e) {
            context.counter().increment(SourceCounter.Name.EventReadFail);
            return invalid(line.bytes(), more);
        }
        try {
            Event event = parser.parse(text, charset, more);
            if (line.incomplete()) {
                event.headers().put(SyslogFormats.STATUS, SyslogFormats.INCOMPLETE);
            }
            return event;
        } catch (IllegalArgumentException e) {
            context.counter().increment(SourceCounter.Name.EventReadFail);
            LOG.debug("[{}] cannot parse syslog line: {}", context.label(), e.getMessage());
            return invalid(text.getBytes(charset), more);
        }
    }

    private static Event invalid(byte[] body, String[] more) {
        String[] headers = java.util.Arrays.copyOf(more, more.length + 2);
        headers[more.length] = SyslogFormats.STATUS;
        headers[more.length + 1] = SyslogFormats.INVALID;
        return Event.withHeaders(body, headers);
    }

    /** The ports bound, in the order configured (they differ from the configured ones where those are 0). */
    List<Integer> boundPorts() {
        return servers.stream().map(TcpServer::port).toList();
    }

    @Override
    public void stop() {
        servers.forEach(TcpServer::close);
        servers.clear();
    }
}
