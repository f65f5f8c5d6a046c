package org.millrace.source.stress.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The stress source under the source contract: it produces as many 3-byte events as asked. */
class StressSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new StressSourceFactory().create(TestContexts.config("sources", "r1", "stress", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("size", "3", "batchSize", "7", "maxSuccessfulEvents", String.valueOf(events));
    }

    /** Nothing to send: bodies of three 0x7F bytes. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        char[] body = new char[3];
        Arrays.fill(body, (char) 0x7F);
        List<String> produced = new ArrayList<>();
        bodies.forEach(b -> produced.add(new String(body)));
        return produced;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }
}
