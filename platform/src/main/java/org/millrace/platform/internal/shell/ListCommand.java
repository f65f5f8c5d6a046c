package org.millrace.platform.internal.shell;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentStatus;

/** {@code millrace:list}: agents, their components and where each stands. */
@Service
@Command(scope = "millrace", name = "list", description = "Lists agents and their components with state, start time"
        + " and the configuration generation each runs")
public class ListCommand extends AgentCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Override
    public Object execute() {
        List<AgentStatus> shown = shown();
        if (shown.isEmpty()) {
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Agent");
        table.column("Kind");
        table.column("Name");
        table.column("Type");
        table.column("State");
        table.column("Generation");
        table.column("Started");
        table.column("Reason").maxSize(100);
        for (AgentStatus a : shown) {
            for (ComponentStatus c : a.components()) {
                table.addRow().addContent(a.name() + " (gen " + a.generation() + ")", c.kind().word(), c.name(),
                        c.type(), c.state(), c.startTime() == 0 ? "" : c.generation(),
                        c.startTime() == 0 ? "" : TIME.format(Instant.ofEpochMilli(c.startTime())),
                        c.reason() == null ? "" : c.reason());
            }
        }
        table.print(System.out);
        for (AgentStatus a : shown) {
            a.errors().forEach(e -> System.out.println(a.name() + " ERROR " + e));
        }
        return null;
    }
}
