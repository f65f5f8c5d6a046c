package org.millrace.platform.internal.shell;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.plan.FlowPlan;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.osgi.AgentHost;

/** {@code millrace:diff}: the plan a Flume file would apply to a running agent, without applying it. */
@Service
@Command(scope = "millrace", name = "diff", description = "Prints what running a Flume file as this agent would"
        + " change, component by component, without changing anything")
public class DiffCommand implements Action {
    @Reference
    private AgentHost host;

    @Option(name = "-n", aliases = "--name", description = "Which agent of the file to read (flume-ng's -n)")
    private String flumeAgent;

    @Argument(index = 0, name = "agent", required = true, description = "The running agent")
    @Completion(AgentNameCompleter.class)
    private String agent;

    @Argument(index = 1, name = "file", required = true, description = "The Flume configuration file")
    @Completion(FileCompleter.class)
    private String file;

    @Override
    public Object execute() throws Exception {
        FlowModel next = FlumeConfigParser.parse(agent, flumeAgent, FlumeConfigParser.load(Path.of(file)));
        if (!host.runs(agent)) {
            System.out.println("No agent named " + agent + " runs yet; as a new agent it would start:");
        }
        FlowPlan plan = host.plan(agent, next);
        plan.describe().forEach(System.out::println);
        plan.findingLines().forEach(System.out::println);
        System.out.println(plan.errors().isEmpty() ? "The agent would apply this plan."
                : "The agent would reject this configuration and keep running as it is.");
        return null;
    }
}
