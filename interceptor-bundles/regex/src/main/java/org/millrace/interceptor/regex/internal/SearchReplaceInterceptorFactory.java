package org.millrace.interceptor.regex.internal;

import java.nio.charset.Charset;
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

/** Flume's search_replace interceptor: replaces every match in the body, {@code $1} style groups allowed. */
@Component(configurationPid = SearchReplaceInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=search_replace",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder"})
@Designate(ocd = SearchReplaceInterceptorFactory.Config.class, factory = true)
public final class SearchReplaceInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.search_replace";

    /** Flume's properties and defaults. */
    @ObjectClassDefinition(name = "Millrace search_replace interceptor",
            description = "Replaces what a regular expression matches in the body")
    public @interface Config {
        /** What to search for. */
        @AttributeDefinition(description = "The pattern to search for and replace")
        String searchPattern();

        /** What to put instead; empty (or absent) deletes the matches. */
        @AttributeDefinition(required = false, description = "The replacement string")
        String replaceString() default "";

        /** How bodies are encoded. */
        @AttributeDefinition(description = "The charset of the event body")
        String charset() default "UTF-8";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Pattern search = Patterns.compile(config, "searchPattern", c.searchPattern(), problems);
        Charset charset = null;
        try {
            charset = Charset.forName(c.charset());
        } catch (IllegalArgumentException e) {
            problems.add(config.problem("charset", "not a character set this JVM supports"));
        }
        ConfigurationException.throwIfAny(problems);
        Charset bodyCharset = charset;
        String replacement = c.replaceString();
        return event -> {
            event.body(search.matcher(new String(event.body(), bodyCharset)).replaceAll(replacement)
                    .getBytes(bodyCharset));
            return event;
        };
    }
}
