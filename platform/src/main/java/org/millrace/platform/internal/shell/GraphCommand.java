package org.millrace.platform.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.millrace.platform.internal.flow.FlowGraph;
import org.millrace.platform.internal.osgi.AgentHost;

/** {@code millrace:graph}: an agent's flow as Graphviz DOT. */
@Service
@Command(scope = "millrace", name = "graph", description = "Prints an agent's flow as Graphviz DOT (render with"
        + " dot -Tpng)")
public class GraphCommand implements Action {
    @Reference
    private AgentHost host;

    @Argument(name = "agent", required = true, description = "The agent")
    @Completion(AgentNameCompleter.class)
    private String agent;

    @Override
    public Object execute() {
        System.out.print(host.graph(agent).map(FlowGraph::dot).orElse("No agent named " + agent + "\n"));
        return null;
    }
}
