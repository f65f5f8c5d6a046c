package org.millrace.monitoring.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.MonitoredNames;

/**
 * Flume's {@code GET /metrics} document: one object per started source, channel and sink, keyed
 * {@code <TYPE>.<name>} ({@code SOURCE.r1}), holding its attributes with every value as a string, as Flume's
 * HTTPMetricsServer writes them from its MBeans.
 */
final class FlumeJson {
    static final JsonFactory FACTORY = new JsonFactory();

    private FlumeJson() {
    }

    /** Every agent; names as {@link MonitoredNames} gives them (Flume's, unless two agents share one). */
    static String of(List<AgentStatus> all) {
        MonitoredNames names = MonitoredNames.of(all);
        return write(all, names);
    }

    /** These agents, each component under its own name: one agent's document is exactly Flume's. */
    static String ofAgent(List<AgentStatus> agents) {
        return write(agents, null);
    }

    private static String write(List<AgentStatus> agents, MonitoredNames names) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            for (AgentStatus a : agents) {
                for (ComponentStatus c : a.components()) {
                    Object type = c.counters().get("Type");
                    if (c.kind() == ComponentKind.SINK_GROUP || type == null) {
                        continue; // Flume publishes a component once it started
                    }
                    json.writeObjectFieldStart(type + "." + (names == null ? c.name() : names.of(a, c)));
                    for (Map.Entry<String, Object> e : c.counters().entrySet()) {
                        json.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                    }
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
