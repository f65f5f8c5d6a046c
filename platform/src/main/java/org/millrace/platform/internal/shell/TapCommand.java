package org.millrace.platform.internal.shell;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.millrace.api.Event;
import org.millrace.platform.internal.osgi.AgentHost;
import org.millrace.platform.internal.runtime.TapPoint;

/**
 * {@code millrace:tap}: prints the next events leaving a source's interceptor chain or committed to a channel.
 * The flow does not wait for the tap: it sees copies.
 */
@Service
@Command(scope = "millrace", name = "tap", description = "Prints the next n events leaving a source's interceptor"
        + " chain, or committed to a channel (headers and escaped body)")
public class TapCommand implements Action {
    private static final int BODY_CHARS = 500;

    @Reference
    private AgentHost host;

    @Option(name = "-t", aliases = "--timeout", description = "Give up after this many seconds (default 60)")
    private long timeoutSeconds = 60;

    @Argument(index = 0, name = "agent", required = true, description = "The agent")
    @Completion(AgentNameCompleter.class)
    private String agent;

    @Argument(index = 1, name = "component", required = true, description = "A source or channel of the agent")
    private String component;

    @Argument(index = 2, name = "n", description = "How many events (default 10)")
    private int count = 10;

    @Override
    public Object execute() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int shown = 0;
        try (TapPoint.Tap tap = host.tap(agent, component, count)) {
            while (shown < count) {
                long left = deadline - System.nanoTime();
                Event e = left <= 0 ? null : tap.next(left, TimeUnit.NANOSECONDS);
                if (e == null) {
                    System.out.println("(" + shown + " of " + count + " events within " + timeoutSeconds + " s)");
                    break;
                }
                shown++;
                System.out.println("headers=" + (e.hasHeaders() ? e.headers() : "{}") + " body=\"" + escape(e.body())
                        + "\"");
            }
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }

    /** The body as UTF-8 text, with control characters, quotes and backslashes escaped. */
    static String escape(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < BODY_CHARS; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        if (text.length() > BODY_CHARS) {
            out.append("... (").append(body.length).append(" bytes)");
        }
        return out.toString();
    }
}
