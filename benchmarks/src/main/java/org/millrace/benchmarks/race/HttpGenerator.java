package org.millrace.benchmarks.race;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * POSTs batches of events to an http source as Flume's JSONHandler reads them, one connection per sender (kept
 * alive); a 200 acknowledges the batch, a 503 is retried.
 */
final class HttpGenerator extends SenderThreads {

    @Override
    protected Sender sender(String host, int port, int batch, int bodyBytes, int id) {
        Random random = new Random(id);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < batch; i++) {
            char[] body = new char[bodyBytes];
            for (int c = 0; c < body.length; c++) {
                body[c] = (char) ('a' + random.nextInt(26));
            }
            json.append(i == 0 ? "" : ",").append("{\"headers\":{\"sender\":\"").append(id).append("\"},\"body\":\"")
                    .append(body).append("\"}");
        }
        byte[] payload = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        return new Sender() {
            @Override
            public boolean send() throws Exception {
                return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            }

            @Override
            public void close() {
                // the client's connections close with it
            }
        };
    }
}
