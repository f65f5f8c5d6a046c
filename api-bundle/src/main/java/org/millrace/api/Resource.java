package org.millrace.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Something a running component holds for itself: a TCP or UDP port it listens on, a directory or file it owns,
 * a named store (e.g. a channel's rows in a shared database).
 * A component declares its resources before it starts ({@link Source#resources()} and the like), so the platform
 * can refuse a configuration under which two components, in one agent or in two, would hold the same one before
 * anything stops.
 *
 * <p>Two ports conflict when their numbers are equal (0, an ephemeral port, never conflicts) and their hosts are
 * equal or either is a wildcard ({@code 0.0.0.0}, {@code ::}); {@code localhost} counts as {@code 127.0.0.1}.
 * Host names are not resolved. Two paths conflict when they are equal after normalization; nested directories
 * do not. Two stores conflict when their names are equal.
 *
 * @param kind what is held
 * @param name {@code host:port} for a port, the absolute normalized path for a directory or file, a store's name
 */
public record Resource(Kind kind, String name) {

    /** What kind of thing is held. */
    public enum Kind {
        /** A TCP port listened on. */
        TCP_PORT,
        /** A UDP port received on. */
        UDP_PORT,
        /** A directory owned: its files are the component's. */
        DIRECTORY,
        /** A file owned, e.g. a position file. */
        FILE,
        /** A named place a durable channel keeps its events in, other than its own directories. */
        STORE;

        /** The kind in words, e.g. {@code TCP port}. */
        public String word() {
            return switch (this) {
                case TCP_PORT -> "TCP port";
                case UDP_PORT -> "UDP port";
                case DIRECTORY -> "directory";
                case FILE -> "file";
                case STORE -> "store";
            };
        }
    }

    /** The resource; {@code name} must be normalized as the factory methods do it. */
    public Resource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A TCP port listened on at a host name or address ({@code 0.0.0.0} for all). */
    public static Resource tcpPort(String host, int port) {
        return new Resource(Kind.TCP_PORT, host(host) + ":" + port);
    }

    /** A UDP port received on at a host name or address. */
    public static Resource udpPort(String host, int port) {
        return new Resource(Kind.UDP_PORT, host(host) + ":" + port);
    }

    /** A directory the component owns. */
    public static Resource directory(Path directory) {
        return new Resource(Kind.DIRECTORY, directory.toAbsolutePath().normalize().toString());
    }

    /** A file the component owns. */
    public static Resource file(Path file) {
        return new Resource(Kind.FILE, file.toAbsolutePath().normalize().toString());
    }

    /** A named store, e.g. {@code rows of a1/c1 in jdbc:derby:/var/lib/flume/db}. */
    public static Resource store(String name) {
        return new Resource(Kind.STORE, name);
    }

    /** Whether a component holding this one keeps another from holding {@code other}. */
    public boolean conflictsWith(Resource other) {
        boolean port = kind == Kind.TCP_PORT || kind == Kind.UDP_PORT;
        boolean otherPort = other.kind == Kind.TCP_PORT || other.kind == Kind.UDP_PORT;
        if (port || otherPort) {
            if (kind != other.kind) {
                return false;
            }
            String[] a = split(name);
            String[] b = split(other.name);
            return !a[1].equals("0") && a[1].equals(b[1])
                    && (a[0].equals(b[0]) || a[0].equals(WILDCARD) || b[0].equals(WILDCARD));
        }
        return (kind == Kind.STORE) == (other.kind == Kind.STORE) && name.equals(other.name);
    }

    private static final String WILDCARD = "0.0.0.0";

    private static String host(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return switch (h) {
            case "", "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "*" -> WILDCARD;
            case "localhost", "::1", "0:0:0:0:0:0:0:1" -> "127.0.0.1";
            default -> h;
        };
    }

    private static String[] split(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    /** {@code TCP port 127.0.0.1:44444}, {@code directory /var/lib/flume}. */
    @Override
    public String toString() {
        return kind.word() + " " + name;
    }
}
