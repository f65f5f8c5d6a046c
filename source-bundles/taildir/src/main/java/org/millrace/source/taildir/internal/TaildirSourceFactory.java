package org.millrace.source.taildir.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Source;
import org.millrace.api.SourceFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Registers the taildir source for Flume's type {@code TAILDIR}. */
@Component(configurationPid = TaildirSourceFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=taildir",
            ConnectorTypes.TYPE + "=org.apache.flume.source.taildir.TaildirSource"})
@Designate(ocd = TaildirSourceConfig.class, factory = true)
public final class TaildirSourceFactory implements SourceFactory {
    /** Where the metatype of the source's properties is published. */
    static final String PID = "org.millrace.source.taildir";

    @Override
    public Source create(ComponentConfig config) throws ConfigurationException {
        TaildirSourceConfig c = config.as(TaildirSourceConfig.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Map<String, String>> headers = headersByGroup(config.passThrough("headers."));
        ComponentConfig patterns = config.subset("filegroups.");
        List<FileGroup> groups = new ArrayList<>();
        for (String name : c.filegroups().trim().split("\\s+")) {
            String pattern = patterns.get(name);
            if (pattern == null || pattern.isEmpty()) {
                problems.add(patterns.problem(name, "file group " + name + " is listed in filegroups but has no"
                        + " path"));
                continue;
            }
            try {
                Path path = Path.of(pattern).toAbsolutePath();
                if (path.getParent() == null || path.getFileName() == null) {
                    problems.add(patterns.problem(name, "needs a directory and a file-name pattern"));
                    continue;
                }
                List<String> pairs = new ArrayList<>();
                headers.getOrDefault(name, Map.of()).forEach((k, v) -> {
                    pairs.add(k);
                    pairs.add(v);
                });
                groups.add(new FileGroup(name, path.getParent().normalize(),
                        Pattern.compile(path.getFileName().toString()), pairs.toArray(String[]::new),
                        c.cachePatternMatching()));
            } catch (InvalidPathException e) {
                problems.add(patterns.problem(name, "not a path: " + e.getReason()));
            } catch (PatternSyntaxException e) {
                problems.add(patterns.problem(name, "the file-name part is not a regular expression: "
                        + e.getDescription()));
            }
        }
        Path positionFile = null;
        try {
            positionFile = c.positionFile().isEmpty()
                    ? Path.of(System.getProperty("user.home"), ".flume", "taildir_position.json")
                    : Path.of(c.positionFile()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add(config.problem("positionFile", "not a path: " + e.getReason()));
        }
        ConfigurationException.throwIfAny(problems);
        return new TaildirSource(c, groups, positionFile);
    }

    /** {@code headers.<group>.<name> = value}, by group, in the order given. */
    private static Map<String, Map<String, String>> headersByGroup(Map<String, String> keys) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        keys.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot > 0 && dot < key.length() - 1) {
                out.computeIfAbsent(key.substring(0, dot), g -> new LinkedHashMap<>()).put(key.substring(dot + 1),
                        value);
            }
        });
        return out;
    }
}
