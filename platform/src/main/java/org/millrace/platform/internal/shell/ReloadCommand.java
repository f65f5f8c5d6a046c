package org.millrace.platform.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.millrace.platform.internal.osgi.AgentHost;

/** {@code millrace:reload}: rebuilds every component of an agent. */
@Service
@Command(scope = "millrace", name = "reload", description = "Stops and rebuilds every component of an agent from its"
        + " current configuration (committed events of memory channels are carried over)")
public class ReloadCommand implements Action {
    @Reference
    private AgentHost host;

    @Argument(name = "agent", required = true, description = "The agent")
    @Completion(AgentNameCompleter.class)
    private String agent;

    @Override
    public Object execute() {
        System.out.println(host.reload(agent) ? "Agent " + agent + " reloaded." : "No agent named " + agent);
        return null;
    }
}
