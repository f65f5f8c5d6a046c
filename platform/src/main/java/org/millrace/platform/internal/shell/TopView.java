package org.millrace.platform.internal.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.support.table.ShellTable;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentKind;
import org.millrace.platform.ComponentStatus;

/**
 * One frame of {@code millrace:top}: per component, events/s in and out between two readings, channel fill and
 * state. A component that started between the readings (its start time changed) shows no rate yet.
 */
final class TopView {
    private TopView() {
    }

    static String frame(List<AgentStatus> before, List<AgentStatus> now, double seconds) {
        Map<String, ComponentStatus> earlier = new HashMap<>();
        before.forEach(a -> a.components().forEach(c -> earlier.put(key(a, c), c)));
        ShellTable table = new ShellTable();
        table.column("Agent");
        table.column("Kind");
        table.column("Name");
        table.column("Type");
        table.column("In/s").alignRight();
        table.column("Out/s").alignRight();
        table.column("Total out").alignRight();
        table.column("Fill").alignRight();
        table.column("State").maxSize(80);
        for (AgentStatus a : now) {
            for (ComponentStatus c : a.components()) {
                if (c.kind() == ComponentKind.SINK_GROUP) {
                    table.addRow().addContent(a.name(), c.kind().word(), c.name(), c.type(), "", "", "", "",
                            state(c));
                    continue;
                }
                ComponentStatus b = earlier.get(key(a, c));
                boolean comparable = b != null && b.startTime() == c.startTime() && c.startTime() != 0;
                table.addRow().addContent(a.name(), c.kind().word(), c.name(), c.type(),
                        comparable ? rate(c.eventsIn() - b.eventsIn(), seconds) : "-",
                        comparable ? rate(c.eventsOut() - b.eventsOut(), seconds) : "-",
                        String.format(Locale.ROOT, "%,d", c.eventsOut()),
                        c.fillPercentage() < 0 ? "" : String.format(Locale.ROOT, "%.1f%%", c.fillPercentage()),
                        state(c));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        table.print(print);
        for (AgentStatus a : now) {
            a.errors().forEach(e -> print.println(a.name() + " ERROR " + e));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String state(ComponentStatus c) {
        return c.state() + (c.reason() == null ? "" : ": " + c.reason());
    }

    private static String rate(long delta, double seconds) {
        return String.format(Locale.ROOT, "%,.0f", delta / seconds);
    }

    private static String key(AgentStatus a, ComponentStatus c) {
        return a.name() + "/" + c.kind() + "/" + c.name();
    }
}
