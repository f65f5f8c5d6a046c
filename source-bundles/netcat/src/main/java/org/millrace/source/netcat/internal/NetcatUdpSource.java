package org.millrace.source.netcat.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.Arrays;
import org.millrace.api.Event;
import org.millrace.network.BatchedDelivery;
import org.millrace.network.UdpServerSource;

/**
 * Flume's netcatudp source on the network toolkit: each line of a datagram is an event (Flume keeps only the
 * first line of a datagram), with the sender's address in remoteAddressHeader if set. The events of a read are
 * committed together; a full channel stops reading, so datagrams wait in the socket's buffer and past it the kernel
 * drops them, as UDP does.
 */
final class NetcatUdpSource extends UdpServerSource {
    private final String addressHeader;

    NetcatUdpSource(String bind, int port, String addressHeader) {
        super(bind, port);
        this.addressHeader = addressHeader;
    }

    /** A line and who sent it. */
    private record Line(byte[] body, String sender) {
    }

    @Override
    protected ChannelHandler handler() {
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            private final BatchedDelivery<Line> delivery = new BatchedDelivery<>(context(), 0,
                    line -> addressHeader.isEmpty() ? Event.of(line.body())
                            : Event.withHeaders(line.body(), addressHeader, line.sender()),
                    new BatchedDelivery.Outcome() { });

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                ByteBuf content = packet.content();
                byte[] bytes = new byte[content.readableBytes()];
                content.readBytes(bytes);
                String sender = packet.sender().toString();
                int from = 0;
                for (int i = 0; i <= bytes.length; i++) {
                    if (i == bytes.length ? i > from : bytes[i] == '\n') {
                        delivery.add(new Line(Arrays.copyOfRange(bytes, from, i), sender));
                        from = i + 1;
                    }
                }
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                delivery.deliver(ctx);
            }
        };
    }
}
