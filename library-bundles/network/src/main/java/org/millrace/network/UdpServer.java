package org.millrace.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import org.millrace.api.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's UDP socket on Netty, on the shared {@value EventLoops#SERVER_IO} group: receives whole datagrams (up
 * to the largest a UDP packet carries, unlike Netty's default of 2048 bytes) and hands each to the connector's
 * handler; closing it releases the port and the event loops.
 */
public final class UdpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpServer.class);
    /** The largest UDP payload. */
    public static final int MAX_DATAGRAM = 65_507;

    private final EventLoops.Lease io;
    private final Channel channel;

    private UdpServer(String label, String host, int port, ChannelHandler handler) {
        io = EventLoops.acquire(EventLoops.SERVER_IO, 0);
        Bootstrap bootstrap = new Bootstrap().group(io.group()).channel(NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(handler);
        try {
            channel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            io.close();
            throw new IllegalStateException("cannot receive on UDP " + host + ":" + port + ": " + e, e);
        }
        LOG.info("[{}] receiving on UDP {}", label, channel.localAddress());
    }

    /**
     * Binds a UDP socket whose datagrams go to {@code handler} (one handler for every sender).
     *
     * @param label {@code agent/component}, for log lines
     * @throws IllegalStateException if the address cannot be bound (with the address and the cause)
     */
    public static UdpServer start(String label, String host, int port, ChannelHandler handler) {
        return new UdpServer(label, host, port, handler);
    }

    /** The UDP port a server on this address would hold, for {@link org.millrace.api.Source#resources()}. */
    public static Resource resource(String host, int port) {
        return Resource.udpPort(host, port);
    }

    /** The port bound (differs from the configured one when that is 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops receiving, after the datagram in progress, and releases the event loops. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        io.close();
    }
}
