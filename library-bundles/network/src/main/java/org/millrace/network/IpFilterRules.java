package org.millrace.network;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * Flume's ipFilterRules: comma-separated {@code allow|deny:ip|name:<glob>}, {@code *} any characters and
 * {@code ?} one. {@code ip} matches the peer's address, {@code name} its host name ({@code name:localhost} also
 * matches this host's addresses). The first matching rule decides; with no match the peer is allowed.
 */
public final class IpFilterRules {
    private record Rule(boolean allow, boolean byName, Pattern pattern, boolean localhost) {
    }

    private final List<Rule> rules;

    private IpFilterRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * The rules a connector's configuration sets ({@link IpFilterConfig}), or {@code null} with
     * {@code ipFilter = false}.
     *
     * @throws ConfigurationException if the rules are missing or a rule is malformed
     */
    public static IpFilterRules of(ComponentConfig config) throws ConfigurationException {
        IpFilterConfig c = config.as(IpFilterConfig.class);
        if (!c.ipFilter()) {
            return null;
        }
        if (c.ipFilterRules().isEmpty()) {
            throw new ConfigurationException(config.problem("ipFilterRules", "required with ipFilter = true"));
        }
        try {
            return parse(c.ipFilterRules());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.problem("ipFilterRules", e.getMessage()));
        }
    }

    /** Parses the rules, or says which rule is wrong. */
    static IpFilterRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String rule : text.split(",")) {
            String[] parts = rule.trim().split(":", 3);
            if (parts.length != 3 || !(parts[0].equals("allow") || parts[0].equals("deny"))
                    || !(parts[1].equals("ip") || parts[1].equals("name")) || parts[2].isEmpty()) {
                throw new IllegalArgumentException("rule '" + rule.trim() + "' is not allow|deny:ip|name:<pattern>");
            }
            String glob = parts[2];
            Pattern pattern = Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
            rules.add(new Rule(parts[0].equals("allow"), parts[1].equals("name"), pattern,
                    parts[1].equals("name") && glob.equals("localhost")));
        }
        return new IpFilterRules(rules);
    }

    /** Whether a peer may connect. */
    public boolean allows(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        for (Rule r : rules) {
            if (matches(r, address)) {
                return r.allow();
            }
        }
        return true;
    }

    private static boolean matches(Rule r, InetAddress address) {
        if (!r.byName()) {
            return r.pattern().matcher(address.getHostAddress()).matches();
        }
        if (r.localhost() && (address.isLoopbackAddress() || isLocalHost(address))) {
            return true;
        }
        return r.pattern().matcher(address.getHostName()).matches();
    }

    private static boolean isLocalHost(InetAddress address) {
        try {
            return address.equals(InetAddress.getLocalHost());
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
