package org.millrace.platform.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.millrace.platform.AgentStatus;

/** {@code millrace:top}: events/s, fill and state per component, refreshed until Ctrl-C, like {@code vector top}. */
@Service
@Command(scope = "millrace", name = "top", description = "Shows events/s in and out, channel fill and state of every"
        + " component, refreshed every second until Ctrl-C")
public class TopCommand extends AgentCommand {
    private static final String CLEAR = "\033[H\033[2J";

    @Option(name = "-d", aliases = "--delay", description = "Seconds between refreshes (default 1)")
    double delay = 1;

    @Option(name = "-n", aliases = "--iterations", description = "Frames to show, then stop (default: until Ctrl-C);"
            + " frames are then printed one after another, not redrawn")
    int iterations;

    @Override
    public Object execute() {
        if (shown().isEmpty()) {
            return null;
        }
        List<AgentStatus> before = shown();
        long last = System.nanoTime();
        for (int frame = 1; iterations == 0 || frame <= iterations; frame++) {
            try {
                Thread.sleep((long) (delay * 1000));
            } catch (InterruptedException e) {
                return null; // Ctrl-C
            }
            List<AgentStatus> now = shown();
            long at = System.nanoTime();
            System.out.print((iterations == 0 ? CLEAR : "") + TopView.frame(before, now, (at - last) / 1e9));
            System.out.flush();
            before = now;
            last = at;
        }
        return null;
    }
}
