package org.millrace.source.syslog.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Map;
import org.millrace.network.BatchedDelivery;
import org.millrace.network.UdpServerSource;

/**
 * Flume's syslogudp source on the network toolkit: each datagram is a message (Flume reads up to its first newline
 * and drops the rest; here each line is one), parsed as Flume's SyslogUtils parses it. Datagrams of up to 64 KiB
 * are read whole (Flume's Netty cuts them at 2048 bytes). A full channel stops reading: datagrams wait in the
 * socket's buffer, and past it the kernel drops them, as UDP does.
 */
final class SyslogUdpSource extends UdpServerSource {
    private static final int EVENT_SIZE = 1 << 16;

    private final KeepFields keep;
    private final Map<String, String> formats;
    private final ClientHeaders clients;

    SyslogUdpSource(SyslogUdpSourceConfig c, KeepFields keep, Map<String, String> formats) {
        super(c.host(), c.port());
        this.keep = keep;
        this.formats = formats;
        this.clients = new ClientHeaders(c.clientIPHeader(), c.clientHostnameHeader());
    }

    /** A message and who sent it. */
    private record Received(SyslogMessage message, SocketAddress sender) {
    }

    @Override
    protected ChannelHandler handler() {
        SyslogFormats parser = new SyslogFormats(formats, keep, Clock.systemDefaultZone());
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            private final BatchedDelivery<Received> delivery = new BatchedDelivery<>(context(), 0,
                    r -> parser.event(r.message(), clients.of(r.sender())), new BatchedDelivery.Outcome() { });

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                for (SyslogMessage m : SyslogStreamDecoder.whole(packet.content(), EVENT_SIZE, true)) {
                    delivery.add(new Received(m, packet.sender()));
                }
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                delivery.deliver(ctx);
            }
        };
    }
}
