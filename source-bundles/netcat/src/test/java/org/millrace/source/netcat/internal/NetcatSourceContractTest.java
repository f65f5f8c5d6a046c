package org.millrace.source.netcat.internal;

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

/** The netcat source under the source contract: lines over a socket, each answered OK once committed. */
class NetcatSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new NetcatSourceFactory().create(TestContexts.config("sources", "r1", "netcat", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    /** Writes the lines, then reads an OK per line; the lines answered OK are acknowledged. */
    @Override
    protected List<String> send(int port, List<String> bodies) throws IOException {
        List<String> acknowledged = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder lines = new StringBuilder();
            bodies.forEach(b -> lines.append(b).append('\n'));
            socket.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String body : bodies) {
                String answer = in.readLine();
                if (!"OK".equals(answer)) {
                    break;
                }
                acknowledged.add(body);
            }
        } catch (IOException closed) {
            // the source stopped: what it answered is what it acknowledged
        }
        return acknowledged;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }
}
