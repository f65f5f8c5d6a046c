package org.millrace.platform.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;

/** A command about every agent, or the one named by its optional argument. */
abstract class AgentCommand implements Action {
    @Reference
    Agents agents;

    @Argument(name = "agent", description = "Only this agent")
    @Completion(AgentNameCompleter.class)
    String agent;

    /** The agents to show; prints why if there are none. */
    List<AgentStatus> shown() {
        List<AgentStatus> shown = agent == null ? agents.list() : agents.get(agent).map(List::of).orElse(List.of());
        if (shown.isEmpty()) {
            System.out.println(agent == null ? "No agents. Add etc/org.millrace.agent-<name>.cfg to start one."
                    : "No agent named " + agent);
        }
        return shown;
    }
}
