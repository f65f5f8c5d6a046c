package org.millrace.sink.nullsink.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Sink;
import org.millrace.api.testkit.SinkContract;
import org.millrace.api.testkit.TestContexts;

class NullSinkTest extends SinkContract {

    @Override
    protected Sink create(Map<String, String> properties) throws ConfigurationException {
        return new NullSinkFactory().create(TestContexts.config("sinks", "k1", "null", properties));
    }

    @Test
    void refusesABatchSizeThatIsNotAPositiveNumber() {
        assertEquals("a1.sinks.k1.batchSize = 0: must be at least 1", assertThrows(ConfigurationException.class,
                () -> create(Map.of("batchSize", "0"))).problems().get(0).toString());
        assertEquals("a1.sinks.k1.batchSize = lots: not a whole number", assertThrows(ConfigurationException.class,
                () -> create(Map.of("batchSize", "lots"))).problems().get(0).toString());
    }
}
