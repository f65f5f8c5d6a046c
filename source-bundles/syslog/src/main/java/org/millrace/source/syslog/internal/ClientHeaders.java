package org.millrace.source.syslog.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flume's clientIPHeader and clientHostnameHeader (and the multiport source's portHeader): headers naming where a
 * message came from. A host name takes a reverse DNS lookup, so it is looked up once per connection, or once per
 * sender of datagrams (the last thousand remembered).
 */
final class ClientHeaders {
    private static final int REMEMBERED = 1000;

    private final String ipHeader;
    private final String hostnameHeader;
    private final Map<SocketAddress, String[]> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SocketAddress, String[]> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param ipHeader the header of the client's address, empty for none
     * @param hostnameHeader the header of its host name, empty for none
     */
    ClientHeaders(String ipHeader, String hostnameHeader) {
        this.ipHeader = ipHeader;
        this.hostnameHeader = hostnameHeader;
    }

    /** The headers (names and values alternating) for a client, plus {@code more}. */
    String[] of(SocketAddress client, String... more) {
        if (ipHeader.isEmpty() && hostnameHeader.isEmpty()) {
            return more;
        }
        String[] headers = known.computeIfAbsent(client, this::lookUp);
        if (more.length == 0) {
            return headers;
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private String[] lookUp(SocketAddress client) {
        List<String> headers = new ArrayList<>(4);
        InetSocketAddress address = client instanceof InetSocketAddress inet ? inet : null;
        if (!ipHeader.isEmpty()) {
            headers.add(ipHeader);
            headers.add(address == null || address.getAddress() == null ? "" : address.getAddress().getHostAddress());
        }
        if (!hostnameHeader.isEmpty()) {
            headers.add(hostnameHeader);
            headers.add(address == null ? "" : address.getHostName());
        }
        return headers.toArray(String[]::new);
    }
}
