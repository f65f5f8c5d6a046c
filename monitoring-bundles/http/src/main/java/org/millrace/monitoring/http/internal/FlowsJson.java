package org.millrace.monitoring.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;
import org.millrace.platform.ComponentStatus;
import org.millrace.platform.FlowShape;

/**
 * What the flow view draws ({@code GET /api/flows}): each agent's nodes and edges, and each component's state,
 * totals in and out, fill and counters, with the time they were read so the page can turn totals into rates.
 */
final class FlowsJson {
    private FlowsJson() {
    }

    static String of(Agents agents) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FlumeJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("time", System.currentTimeMillis());
            json.writeArrayFieldStart("agents");
            for (AgentStatus a : agents.list()) {
                json.writeStartObject();
                json.writeStringField("name", a.name());
                json.writeNumberField("generation", a.generation());
                strings(json, "errors", a.errors());
                strings(json, "warnings", a.warnings());
                json.writeArrayFieldStart("components");
                for (ComponentStatus c : a.components()) {
                    component(json, c);
                }
                json.writeEndArray();
                FlowShape shape = agents.graph(a.name()).orElse(new FlowShape(a.name(), List.of(), List.of()));
                shape(json, shape);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void component(JsonGenerator json, ComponentStatus c) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", c.kind().id() + ":" + c.name()); // its node's id in the flow's shape
        json.writeStringField("kind", c.kind().word());
        json.writeStringField("name", c.name());
        json.writeStringField("type", c.type());
        json.writeStringField("state", c.state().name());
        json.writeStringField("reason", c.reason());
        json.writeNumberField("startTime", c.startTime());
        json.writeNumberField("in", c.eventsIn());
        json.writeNumberField("out", c.eventsOut());
        json.writeNumberField("fill", c.fillPercentage());
        json.writeObjectFieldStart("counters");
        for (Map.Entry<String, Object> e : c.counters().entrySet()) {
            if (e.getValue() instanceof Long n) {
                json.writeNumberField(e.getKey(), n);
            } else if (e.getValue() instanceof Double d && d != Double.MAX_VALUE) {
                json.writeNumberField(e.getKey(), d);
            }
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void shape(JsonGenerator json, FlowShape shape) throws IOException {
        json.writeObjectFieldStart("graph");
        json.writeArrayFieldStart("nodes");
        for (FlowShape.Node n : shape.nodes()) {
            json.writeStartObject();
            json.writeStringField("id", n.id());
            json.writeStringField("role", n.role().name());
            json.writeStringField("name", n.name());
            json.writeStringField("type", n.type());
            json.writeStringField("group", n.group());
            strings(json, "details", n.details());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("edges");
        for (FlowShape.Edge e : shape.edges()) {
            json.writeStartObject();
            json.writeStringField("from", e.from());
            json.writeStringField("to", e.to());
            json.writeStringField("when", e.when());
            json.writeBooleanField("optional", e.optional());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }
}
