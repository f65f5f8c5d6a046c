package com.example.millrace;

import java.nio.charset.Charset;
import java.util.regex.Pattern;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.ConnectorTypes;
import org.millrace.api.Event;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Masks card numbers (or whatever {@code pattern} matches) in event bodies. Configured like any Flume interceptor:
 * <pre>
 * a1.sources.r1.interceptors = m
 * a1.sources.r1.interceptors.m.type = mask
 * a1.sources.r1.interceptors.m.pattern = \\d{13,16}
 * </pre>
 * The factory is a Declarative Services component registered for the type names in {@code millrace.type}: the
 * alias {@code mask}, and this class's name for configurations that name classes as Flume's do.
 */
@Component(property = {ConnectorTypes.TYPE + "=mask", ConnectorTypes.TYPE + "=com.example.millrace.MaskInterceptor"})
public final class MaskInterceptor implements InterceptorFactory {

    /** The interceptor's properties, names and defaults in one place. */
    @ObjectClassDefinition(name = "Mask interceptor", description = "Replaces what a pattern matches in the body")
    public @interface Config {
        /** What to mask. */
        @AttributeDefinition(description = "Regular expression of the text to mask")
        String pattern() default "\\d{13,16}";

        /** What to put instead. */
        @AttributeDefinition(description = "The replacement")
        String mask() default "****";

        /** How bodies are encoded. */
        @AttributeDefinition(description = "The charset of the event body")
        String charset() default "UTF-8";
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        Pattern pattern;
        Charset charset;
        try {
            pattern = Pattern.compile(c.pattern());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.problem("pattern", "not a regular expression: "
                    + e.getMessage().lines().findFirst().orElse("")));
        }
        try {
            charset = Charset.forName(c.charset());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.problem("charset", "not a character set this JVM supports"));
        }
        String mask = c.mask();
        return event -> {
            String body = new String(event.body(), charset);
            String masked = pattern.matcher(body).replaceAll(java.util.regex.Matcher.quoteReplacement(mask));
            if (!masked.equals(body)) {
                event.body(masked.getBytes(charset));
            }
            return event;
        };
    }
}
