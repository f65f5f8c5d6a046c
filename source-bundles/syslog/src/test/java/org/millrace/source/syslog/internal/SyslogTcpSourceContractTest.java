package org.millrace.source.syslog.internal;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The syslogtcp source under the source contract: each body sent as an RFC 3164 line. */
class SyslogTcpSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new SyslogTcpSourceFactory().create(TestContexts.config("sources", "r1", "syslogtcp", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(port));
    }

    /** Writes the lines; syslog has no acknowledgement, so what was written is returned. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        StringBuilder lines = new StringBuilder();
        bodies.forEach(b -> lines.append("<13>Dec  1 10:00:00 web-1 ").append(b).append('\n'));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
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
