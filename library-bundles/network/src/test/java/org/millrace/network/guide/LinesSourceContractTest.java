package org.millrace.network.guide;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The guide's source under the source contract: what Millrace expects of every source, in four tests. */
class LinesSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new LinesSourceFactory().create(TestContexts.config("sources", "r1", "lines", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    /** Sends the lines and reads an answer per line: those answered OK are acknowledged. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        List<String> acknowledged = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder lines = new StringBuilder();
            bodies.forEach(b -> lines.append(b).append('\n'));
            socket.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String body : bodies) {
                if ("OK".equals(in.readLine())) {
                    acknowledged.add(body);
                }
            }
        } catch (IOException closed) {
            // the source stopped: what it answered OK is what it acknowledged
        }
        return acknowledged;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.REFUSES_THE_SENDER;
    }
}
