package org.millrace.platform.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.ComponentStatus;

/** {@code millrace:status}: counters per component (Flume's names), configuration errors and warnings. */
@Service
@Command(scope = "millrace", name = "status", description = "Shows each component's counters under Flume's names,"
        + " and the agent's configuration errors and warnings")
public class StatusCommand extends AgentCommand {
    @Override
    public Object execute() {
        List<AgentStatus> shown = shown();
        for (AgentStatus a : shown) {
            System.out.println("Agent " + a.name() + " (configuration generation " + a.generation() + ")");
            for (ComponentStatus c : a.components()) {
                System.out.println("  " + c.kind().word() + " " + c.name() + " [" + c.type() + "] " + c.state()
                        + (c.reason() == null ? "" : ": " + c.reason()));
                c.counters().forEach((k, v) -> System.out.println("      " + k + " = " + v));
            }
            a.errors().forEach(e -> System.out.println("  ERROR " + e));
            a.warnings().forEach(w -> System.out.println("  WARNING " + w));
        }
        return null;
    }
}
