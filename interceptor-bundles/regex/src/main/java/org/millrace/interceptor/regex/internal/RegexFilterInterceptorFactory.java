package org.millrace.interceptor.regex.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Flume's regex_filter interceptor: keeps the events whose body (as UTF-8) contains a match, or with
 * {@code excludeEvents} drops them. The platform counts what it drops.
 */
@Component(configurationPid = RegexFilterInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=regex_filter",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.RegexFilteringInterceptor$Builder"})
@Designate(ocd = RegexFilterInterceptorFactory.Config.class, factory = true)
public final class RegexFilterInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.regex_filter";

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace regex_filter interceptor",
            description = "Keeps (or drops) events whose body matches a regular expression")
    public @interface Config {
        /** The expression searched for in the body. */
        @AttributeDefinition(description = "Regular expression for matching against events")
        String regex() default ".*";

        /** Whether matches are dropped rather than kept. */
        @AttributeDefinition(description = "If true, regex determines events to exclude, otherwise regex determines"
                + " events to include")
        boolean excludeEvents() default false;
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Pattern regex = Patterns.compile(config, "regex", c.regex(), problems);
        ConfigurationException.throwIfAny(problems);
        boolean exclude = c.excludeEvents();
        return event -> regex.matcher(new String(event.body(), StandardCharsets.UTF_8)).find() != exclude ? event
                : null;
    }
}
