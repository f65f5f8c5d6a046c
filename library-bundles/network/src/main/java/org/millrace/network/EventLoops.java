package org.millrace.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Netty event loop groups shared by name: every connector asking for the same name gets the same group, made on
 * the first request and shut down when the last user releases it. Servers share one acceptor thread
 * ({@value #ACCEPT}); connectors that never block their I/O threads share {@value #SERVER_IO} or
 * {@value #CLIENT_IO}; a connector whose I/O threads wait (e.g. committing to a channel) asks for a group of its
 * own name, so it holds back only its own connections.
 */
public final class EventLoops {
    /** The group accepting connections for every server. */
    public static final String ACCEPT = "millrace-accept";
    /** The I/O group servers share unless they ask for their own. */
    public static final String SERVER_IO = "millrace-io";
    /** The I/O group clients share unless they ask for their own. */
    public static final String CLIENT_IO = "millrace-client-io";

    private static final Map<String, Shared> GROUPS = new HashMap<>();

    private EventLoops() {
    }

    /** A use of a shared group; closing it releases the group for this user. */
    public interface Lease extends AutoCloseable {
        /** The group. */
        EventLoopGroup group();

        /** Releases the group; the last release shuts it down (waiting up to 5 s for its threads). */
        @Override
        void close();
    }

    private static final class Shared {
        final EventLoopGroup group;
        int users;

        Shared(EventLoopGroup group) {
            this.group = group;
        }
    }

    /**
     * The group of that name, made with {@code threads} threads (0: one per processor) if nobody uses it yet.
     * Its threads are named after it.
     */
    public static Lease acquire(String name, int threads) {
        Shared shared;
        synchronized (GROUPS) {
            shared = GROUPS.computeIfAbsent(name, n -> new Shared(new NioEventLoopGroup(
                    threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory(n))));
            shared.users++;
        }
        Shared held = shared;
        return new Lease() {
            private boolean closed;

            @Override
            public EventLoopGroup group() {
                return held.group;
            }

            @Override
            public void close() {
                boolean last;
                synchronized (GROUPS) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    last = --held.users == 0;
                    if (last) {
                        GROUPS.remove(name);
                    }
                }
                if (last) {
                    held.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        };
    }

    /** How many users a group has now; 0 if it does not exist. */
    public static int users(String name) {
        synchronized (GROUPS) {
            Shared shared = GROUPS.get(name);
            return shared == null ? 0 : shared.users;
        }
    }
}
