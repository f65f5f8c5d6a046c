package org.millrace.source.syslog.internal;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The multiport_syslogtcp source under the source contract, on one port: each body an RFC 5424 message. */
class MultiportSyslogTcpSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new MultiportSyslogTcpSourceFactory().create(TestContexts.config("sources", "r1",
                "multiport_syslogtcp", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("host", "127.0.0.1", "ports", String.valueOf(port), "batchSize", "7");
    }

    /** Writes the messages octet-counted; syslog has no acknowledgement, so what was written is returned. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        StringBuilder frames = new StringBuilder();
        for (String b : bodies) {
            String message = "<14>1 2026-12-01T10:00:00.5Z web-1 " + b;
            frames.append(message.getBytes(StandardCharsets.UTF_8).length).append(' ').append(message);
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return bodies;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }

    @Override
    protected boolean acknowledges() {
        return false;
    }
}
