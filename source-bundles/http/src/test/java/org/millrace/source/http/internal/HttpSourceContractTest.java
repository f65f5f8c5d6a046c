package org.millrace.source.http.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The http source under the source contract: each call a JSON POST; a 200 acknowledges the events. */
class HttpSourceContractTest extends SourceContract {
    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return HttpSourceFactory.withBuiltIns().create(TestContexts.config("sources", "r1", "http", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("bind", "127.0.0.1", "port", String.valueOf(port));
    }

    @Override
    protected List<String> send(int port, List<String> bodies) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < bodies.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"body\":\"").append(bodies.get(i)).append("\"}");
        }
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/")).POST(HttpRequest.BodyPublishers.ofString(json + "]")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? bodies : List.of();
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.REFUSES_THE_SENDER;
    }
}
