package org.millrace.platform.internal.shell;

import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.millrace.platform.internal.flow.FlowModel;
import org.millrace.platform.internal.flow.FlumeConfigParser;
import org.millrace.platform.internal.osgi.AgentHost;

/** {@code millrace:validate}: checks a Flume configuration file against the installed connectors. */
@Service
@Command(scope = "millrace", name = "validate", description = "Checks a Flume agent configuration file against the"
        + " installed connectors without running it")
public class ValidateCommand implements Action {
    @Reference
    private AgentHost host;

    @Option(name = "-n", aliases = "--name", description = "The agent to check, as flume-ng's -n (needed when the"
            + " file holds several)")
    private String flumeAgent;

    @Argument(name = "file", required = true, description = "The Flume configuration file")
    @Completion(FileCompleter.class)
    private String file;

    @Override
    public Object execute() throws Exception {
        FlowModel model = FlumeConfigParser.parse(flumeAgent == null ? "agent" : flumeAgent, flumeAgent,
                FlumeConfigParser.load(Path.of(file)));
        List<String> findings = host.check(model);
        String agent = model.keyPrefix().isEmpty() ? "(no prefix)" : model.keyPrefix().substring(0,
                model.keyPrefix().length() - 1);
        System.out.println("Agent " + agent + ": " + model.sources().size() + " sources, " + model.channels().size()
                + " channels, " + model.sinks().size() + " sinks, " + model.sinkGroups().size() + " sink groups");
        findings.forEach(System.out::println);
        long errors = findings.stream().filter(f -> f.startsWith("ERROR")).count();
        System.out.println(errors == 0 ? "Valid." : errors + " error(s).");
        return null;
    }
}
