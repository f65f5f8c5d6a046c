package org.millrace.sink.http.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.millrace.api.Sink;
import org.millrace.api.testkit.OpenFiles;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;

/** The http sink under the sink contract, POSTing to a plain HTTP server; failing against a closed port. */
class HttpSinkContractTest extends SinkContract {
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Override
    protected Sink create(Map<String, String> properties) throws Exception {
        return new HttpSinkFactory().create(TestContexts.config("sinks", "k1", "http", properties));
    }

    @Override
    protected Map<String, String> workingProperties() {
        return Map.of("endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "rollback.2XX", "false",
                "backoff.2XX", "false", "incrementMetrics.2XX", "true");
    }

    @Override
    protected Map<String, String> failingProperties() {
        try {
            return Map.of("endpoint", "http://127.0.0.1:" + OpenFiles.freePort() + "/", "connectTimeout", "1000");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
