package org.millrace.interceptor.regex.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's regex_extractor interceptor: the n-th group of the first match in the body becomes the header named by
 * the n-th serializer ({@code serializers = s1 s2}, {@code serializers.s1.name = one}). Serializer types:
 * {@code default} (the text as matched) and the millis serializer ({@code serializers.s1.type =
 * org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer}, or {@code millis}, with
 * {@code serializers.s1.pattern}, a date pattern, giving epoch milliseconds in the JVM's time zone). A value the
 * millis serializer cannot parse leaves that header unset rather than failing the whole batch, as Flume would.
 */
@Component(configurationPid = RegexExtractorInterceptorFactory.PID, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = {ConnectorTypes.TYPE + "=regex_extractor",
            ConnectorTypes.TYPE + "=org.apache.flume.interceptor.RegexExtractorInterceptor$Builder"})
@Designate(ocd = RegexExtractorInterceptorFactory.Config.class, factory = true)
public final class RegexExtractorInterceptorFactory implements InterceptorFactory {
    static final String PID = "org.millrace.interceptor.regex_extractor";
    private static final Logger LOG = LoggerFactory.getLogger(RegexExtractorInterceptorFactory.class);
    private static final List<String> PASS_THROUGH = List.of("default",
            "org.apache.flume.interceptor.regexextractorinterceptorpassthroughserializer");
    private static final List<String> MILLIS = List.of("millis",
            "org.apache.flume.interceptor.regexextractorinterceptormillisserializer");

    /** Flume's properties (serializers.&lt;s&gt;.name|type|pattern per serializer). */
    @ObjectClassDefinition(name = "Millrace regex_extractor interceptor",
            description = "Puts the groups of a regular expression's match in the body into headers")
    public @interface Config {
        /** The expression whose groups are extracted. */
        @AttributeDefinition(description = "Regular expression for matching against events")
        String regex();

        /** Serializer names, one per group, in group order. */
        @AttributeDefinition(description = "Space-separated list of serializers for mapping matches to header names")
        String serializers();
    }

    private record Extraction(String header, UnaryOperator<String> serializer) {
    }

    @Override
    public Interceptor create(ComponentConfig config) throws ConfigurationException {
        Config c = config.as(Config.class);
        List<ConfigProblem> problems = new ArrayList<>();
        Pattern regex = Patterns.compile(config, "regex", c.regex(), problems);
        List<Extraction> extractions = new ArrayList<>();
        for (String name : c.serializers().trim().split("\\s+")) {
            ComponentConfig s = config.subset("serializers." + name + ".");
            String header = s.get("name");
            if (header == null || header.isEmpty()) {
                problems.add(s.problem("name", "required: the header this group goes to"));
            }
            String type = s.get("type") == null ? "default" : s.get("type");
            UnaryOperator<String> serializer = null;
            if (PASS_THROUGH.contains(type.toLowerCase(Locale.ROOT))) {
                serializer = UnaryOperator.identity();
            } else if (MILLIS.contains(type.toLowerCase(Locale.ROOT))) {
                serializer = millis(s, problems);
            } else {
                problems.add(s.problem("type", "unknown serializer (default, millis, or Flume's class names of"
                        + " those)"));
            }
            extractions.add(new Extraction(header, serializer));
        }
        ConfigurationException.throwIfAny(problems);
        String label = config.agentName() + "/" + config.componentName();
        return event -> {
            Matcher m = regex.matcher(new String(event.body(), StandardCharsets.UTF_8));
            if (m.find()) {
                for (int g = 1; g <= Math.min(m.groupCount(), extractions.size()); g++) {
                    String value = m.group(g);
                    Extraction x = extractions.get(g - 1);
                    String serialized = value == null ? null : x.serializer().apply(value);
                    if (serialized != null) {
                        event.headers().put(x.header(), serialized);
                    } else if (value != null) {
                        LOG.debug("[{}] {} does not parse as a date for header {}", label, value, x.header());
                    }
                }
            }
            return event;
        };
    }

    private static UnaryOperator<String> millis(ComponentConfig s, List<ConfigProblem> problems) {
        String pattern = s.get("pattern");
        if (pattern == null || pattern.isEmpty()) {
            problems.add(s.problem("pattern", "required by the millis serializer: a date pattern such as"
                    + " yyyy-MM-dd HH:mm"));
            return null;
        }
        DateTimeFormatter format;
        try {
            format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            problems.add(s.problem("pattern", "not a date pattern: " + e.getMessage()));
            return null;
        }
        return value -> {
            try {
                TemporalAccessor t = format.parseBest(value, ZonedDateTime::from, LocalDateTime::from,
                        LocalDate::from);
                ZonedDateTime at = t instanceof ZonedDateTime z ? z : t instanceof LocalDateTime l
                        ? l.atZone(ZoneId.systemDefault()) : ((LocalDate) t).atStartOfDay(ZoneId.systemDefault());
                return Long.toString(at.toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                return null;
            }
        };
    }
}
