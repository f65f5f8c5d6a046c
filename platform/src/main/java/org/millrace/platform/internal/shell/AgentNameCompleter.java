package org.millrace.platform.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.millrace.platform.AgentStatus;
import org.millrace.platform.Agents;

/** Completes the names of running agents. */
@Service
public class AgentNameCompleter implements Completer {
    @Reference
    private Agents agents;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        agents.list().stream().map(AgentStatus::name).forEach(names.getStrings()::add);
        return names.complete(session, commandLine, candidates);
    }
}
