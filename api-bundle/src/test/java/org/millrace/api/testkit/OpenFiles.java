package org.millrace.api.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.millrace.api.Resource;

/** What this JVM still holds of a resource: its open files (Linux {@code /proc/self/fd}), a port it listens on. */
public final class OpenFiles {
    private OpenFiles() {
    }

    /**
     * Files this process has open under a directory or file resource, or for a TCP or UDP port resource the port if
     * it cannot be bound; empty if nothing is held (or {@code /proc} is not there to tell).
     */
    public static List<String> under(Resource resource) throws IOException {
        return switch (resource.kind()) {
            case DIRECTORY, FILE -> openFiles(Path.of(resource.name()));
            case TCP_PORT -> tcpBound(resource.name()) ? List.of() : List.of(resource.name());
            case UDP_PORT -> udpBound(resource.name()) ? List.of() : List.of(resource.name());
            default -> List.of();
        };
    }

    private static List<String> openFiles(Path under) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(fds)) {
            return out;
        }
        try (Stream<Path> all = Files.list(fds)) {
            for (Path fd : all.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(under)) {
                        out.add(target.toString());
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return out;
    }

    /** Whether the {@code host:port} can be bound now. */
    private static boolean tcpBound(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port == 0) {
            return true;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the UDP {@code host:port} can be bound now. */
    private static boolean udpBound(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        if (port == 0) {
            return true;
        }
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(hostPort.substring(0, colon), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port free now on the loopback address. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
