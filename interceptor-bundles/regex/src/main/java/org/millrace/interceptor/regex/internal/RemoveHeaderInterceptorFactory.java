package org.millrace.interceptor.regex.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Flume's remove_header interceptor: removes headers by name, by list, or by a name pattern. */
@Component(configurationPid = RemoveHeaderInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=remove_header",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder"})
@Designate(ocd = RemoveHeaderInterceptorFactory.Config.class, factory = true)
public final class RemoveHeaderInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.remove_header";

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace remove_header interceptor", description = "Removes headers")
    public @interface Config {
        /** One header to remove. */
        @AttributeDefinition(required = false, description = "Name of the header to remove")
        String withName() default "";

        /** Headers to remove, separated by fromListSeparator. */
        @AttributeDefinition(required = false, description = "List of headers to remove, separated with the"
                + " separator specified by fromListSeparator")
        String fromList() default "";

        /** Regular expression separating fromList. */
        @AttributeDefinition(description = "Regular expression used to separate multiple header names in fromList")
        String fromListSeparator() default "\\s*,\\s*";

        /** Headers whose names match are removed. */
        @AttributeDefinition(required = false, description = "All the headers which names match this regular"
                + " expression are removed")
        String matching() default "";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Pattern separator = Patterns.compile(config, "fromListSeparator", c.fromListSeparator(), problems);
        Pattern matching = c.matching().isEmpty() ? null : Patterns.compile(config, "matching", c.matching(), problems);
        ConfigurationException.throwIfAny(problems);
        Set<String> names = new java.util.HashSet<>();
        if (!c.withName().isEmpty()) {
            names.add(c.withName());
        }
        if (!c.fromList().isEmpty()) {
            names.addAll(List.of(separator.split(c.fromList())));
        }
        return event -> {
            if (event.hasHeaders()) {
                event.headers().keySet().removeIf(h -> names.contains(h) || (matching != null
                        && matching.matcher(h).matches()));
            }
            return event;
        };
    }

}
