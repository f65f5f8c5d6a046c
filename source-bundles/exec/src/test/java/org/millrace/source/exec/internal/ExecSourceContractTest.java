package org.millrace.source.exec.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.millrace.api.Source;
import org.millrace.api.testkit.SourceContract;
import org.millrace.api.testkit.TestContexts;

/** The exec source under the source contract: the command prints line-0, line-1... as many as the test asks. */
class ExecSourceContractTest extends SourceContract {

    @Override
    protected Source create(Map<String, String> properties) throws Exception {
        return new ExecSourceFactory().create(TestContexts.config("sources", "r1", "exec", properties));
    }

    @Override
    protected Map<String, String> properties(int port, int events) {
        // a line per write, so stopping the command never cuts one (a cut last line is delivered as it is)
        return Map.of("command", "i=0; while [ $i -lt " + events + " ]; do echo line-$i; i=$((i+1)); done",
                "shell", "/bin/sh -c", "batchSize", "7", "batchTimeout", "20");
    }

    /** The lines the command prints, as many as asked. */
    @Override
    protected List<String> send(int port, List<String> bodies) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            lines.add("line-" + i);
        }
        return lines;
    }

    @Override
    protected WhenFull whenFull() {
        return WhenFull.HOLDS_THE_SENDER_BACK;
    }

    @Override
    protected boolean producesOnItsOwn(Source source) {
        return true;
    }
}
