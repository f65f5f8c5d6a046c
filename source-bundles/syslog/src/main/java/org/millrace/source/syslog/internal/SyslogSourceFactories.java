package org.millrace.source.syslog.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;

/** What the syslog sources' factories read alike: custom formats and character sets. */
final class SyslogSourceFactories {
    private SyslogSourceFactories() {
    }

    /** Flume's {@code format.*} keys, checked. */
    static Map<String, String> formats(ComponentConfig config, List<ConfigProblem> problems) {
        Map<String, String> formats = config.passThrough("format.");
        String invalid = SyslogFormats.checkCustom(formats);
        if (invalid != null) {
            problems.add(config.problem("format.regex", "a custom format is not valid: " + invalid));
        }
        return formats;
    }

    /** The character set a property names, or null after adding a problem. */
    static Charset charset(ComponentConfig config, String property, String name, List<ConfigProblem> problems) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            problems.add(config.problem(property, "not a character set this JVM supports"));
            return null;
        }
    }

    /** The ports of a space-separated list, each checked. */
    static List<Integer> ports(ComponentConfig config, String property, String list, List<ConfigProblem> problems) {
        List<Integer> ports = new ArrayList<>();
        for (String port : list.trim().split("\\s+")) {
            try {
                int p = Integer.parseInt(port);
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(p);
            } catch (NumberFormatException e) {
                problems.add(config.problem(property, "'" + port + "' is not a port number (0 to 65535)"));
            }
        }
        return ports;
    }

    /** {@code charset.port.<port> = charset}, checked. */
    static Map<Integer, Charset> portCharsets(ComponentConfig config, List<ConfigProblem> problems) {
        Map<Integer, Charset> out = new LinkedHashMap<>();
        config.passThrough("charset.port.").forEach((port, name) -> {
            List<Integer> parsed = ports(config, "charset.port." + port, port, problems);
            Charset charset = charset(config, "charset.port." + port, name, problems);
            if (parsed.size() == 1 && charset != null) {
                out.put(parsed.get(0), charset);
            }
        });
        return out;
    }
}
