package org.millrace.monitoring.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentStatus;

/**
 * The counters as Prometheus text exposition (format 0.0.4) or OpenMetrics 1.0, labelled by agent, component,
 * kind and type. Flume's names become snake case under {@code millrace_<kind>_}: running totals end in
 * {@code _total} (EventReceivedCount: {@code millrace_source_event_received_total}), levels keep their name
 * (ChannelSize: {@code millrace_channel_size}), times are in seconds. Interceptors' drops are
 * {@code millrace_interceptor_event_dropped_total} labelled with their source. Every component, sink groups
 * included, has {@code millrace_component_state} 1 with its state as a label.
 */
final class PrometheusText {
    static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String INTERCEPTOR = "interceptor.";

    private PrometheusText() {
    }

    /** A metric family: its samples, in the order met. */
    private record Family(String type, String help, List<String> samples) {
    }

    static String of(List<AgentStatus> agents, boolean openMetrics) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (AgentStatus a : agents) {
            sample(families, "millrace_agent_generation", "gauge", "Configurations applied to the agent",
                    labels("agent", a.name()), a.generation());
            sample(families, "millrace_agent_configuration_errors", "gauge",
                    "Configuration problems that refused a component or the last update", labels("agent", a.name()),
                    a.errors().size());
            for (ComponentStatus c : a.components()) {
                String kind = c.kind().id();
                String common = labels("agent", a.name(), "component", c.name(), "kind", kind, "type", c.type());
                sample(families, "millrace_component_state", "gauge", "1 for the state the component is in",
                        common + ",state=\"" + c.state() + "\"", 1);
                c.counters().forEach((name, value) -> attribute(families, a, c, kind, common, name, value));
            }
        }
        StringBuilder out = new StringBuilder();
        families.forEach((name, f) -> {
            boolean counter = f.type().equals("counter");
            String familyName = counter && openMetrics ? name.substring(0, name.length() - "_total".length()) : name;
            out.append("# HELP ").append(familyName).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ").append(familyName).append(' ').append(f.type()).append('\n');
            f.samples().forEach(s -> out.append(name).append(s).append('\n'));
        });
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private static void attribute(Map<String, Family> families, AgentStatus a, ComponentStatus c, String kind,
            String common, String name, Object value) {
        if (!(value instanceof Number number) || number.doubleValue() == Double.MAX_VALUE) {
            return; // Type; a fill percentage without a capacity
        }
        if (name.startsWith(INTERCEPTOR) && name.endsWith(".EventDroppedCount")) {
            String interceptor = name.substring(INTERCEPTOR.length(), name.length() - ".EventDroppedCount".length());
            sample(families, "millrace_interceptor_event_dropped_total", "counter", "Events an interceptor dropped",
                    labels("agent", a.name(), "component", interceptor, "kind", "interceptor", "source", c.name()),
                    number);
            return;
        }
        boolean time = name.equals("StartTime") || name.equals("StopTime");
        boolean gauge = c.gauges().contains(name);
        String base = snake(name.startsWith("Channel") && c.kind() == ComponentKind.CHANNEL
                ? name.substring("Channel".length()) : gauge ? name : name.replaceFirst("Count$", ""));
        String metric = "millrace_" + kind + "_" + base + (time ? "_seconds" : gauge ? "" : "_total");
        sample(families, metric, gauge ? "gauge" : "counter", "Flume's " + name + " of each " + kind, common,
                time ? number.longValue() / 1000.0 : number);
    }

    private static void sample(Map<String, Family> families, String metric, String type, String help, String labels,
            Number value) {
        families.computeIfAbsent(metric, m -> new Family(type, help, new ArrayList<>()))
                .samples().add("{" + labels + "} " + format(value));
    }

    private static String format(Number value) {
        if (!(value instanceof Double d)) {
            return value.toString();
        }
        if (d.isNaN() || d.isInfinite()) {
            return d.isNaN() ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                : java.math.BigDecimal.valueOf(d).toPlainString();
    }

    /** {@code EventReceived} to {@code event_received}; anything Prometheus does not take becomes {@code _}. */
    static String snake(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                out.append('_');
            }
            out.append(ch < 128 && Character.isLetterOrDigit(ch) ? Character.toLowerCase(ch) : '_');
        }
        return out.toString();
    }

    private static String labels(String... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(namesAndValues[i]).append("=\"")
                    .append(namesAndValues[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                    .append('"');
        }
        return out.toString();
    }
}
