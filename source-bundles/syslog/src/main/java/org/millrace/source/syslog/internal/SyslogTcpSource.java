package org.millrace.source.syslog.internal;

import java.time.Clock;
import java.util.Map;
import org.millrace.network.TcpServer;
import org.millrace.network.TcpServerSource;

/**
 * Flume's syslogtcp source on the network toolkit: each connection's messages framed by newline or octet count,
 * parsed as Flume's SyslogUtils parses them, and committed a read at a time (Flume commits them one by one).
 */
final class SyslogTcpSource extends TcpServerSource {
    private final int eventSize;
    private final KeepFields keep;
    private final Map<String, String> formats;
    private final String ipHeader;
    private final String hostnameHeader;

    SyslogTcpSource(SyslogTcpSourceConfig c, KeepFields keep, Map<String, String> formats,
            TcpServer.Settings network) {
        super(c.host(), c.port(), network);
        this.eventSize = c.eventSize();
        this.keep = keep;
        this.formats = formats;
        this.ipHeader = c.clientIPHeader();
        this.hostnameHeader = c.clientHostnameHeader();
    }

    @Override
    protected TcpServer.Builder serve(TcpServer.Builder server) {
        return server.handlers(ch -> {
            SyslogFormats parser = new SyslogFormats(formats, keep, Clock.systemDefaultZone());
            String[] client = new ClientHeaders(ipHeader, hostnameHeader).of(ch.remoteAddress());
            ch.pipeline().addLast(new SyslogFrameDecoder(eventSize, new SyslogStreamDecoder(eventSize, true),
                    frame -> SyslogStreamDecoder.whole(frame, eventSize, false)),
                    new SyslogConnection(context(), 0, message -> parser.event(message, client)));
        });
    }
}
