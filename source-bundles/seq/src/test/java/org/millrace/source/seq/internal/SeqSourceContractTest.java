package org.millrace.source.seq.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The seq source under the source contract: it produces 0, 1, 2... and is polled. */
class SeqSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new SeqSourceFactory().create(TestContexts.config("sources", "r1", "seq", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        return Map.of("totalEvents", String.valueOf(events), "batchSize", "7");
    }

    /** Nothing to send: it produces as many bodies as asked, numbered from 0. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        List<String> produced = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            produced.add(String.valueOf(i));
        }
        return produced;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }
}
