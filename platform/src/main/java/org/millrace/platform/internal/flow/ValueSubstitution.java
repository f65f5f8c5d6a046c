package org.millrace.platform.internal.flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's value substitutions. Since 1.10, {@code ${env:NAME}}, {@code ${sys:name}} and {@code ${key}} (another
 * key of the same configuration) in a value are replaced. Config filters ({@code <agent>.configfilters}):
 * {@code env} reads an environment variable, {@code external} runs {@code <command> <key>} and takes the first
 * line it prints (killed after Millrace's {@code timeout}, 30 s by default). A reference that resolves to nothing
 * is left as written, as Flume leaves it.
 */
final class ValueSubstitution {
    private static final Logger LOG = LoggerFactory.getLogger(ValueSubstitution.class);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(env:|sys:)?([^}\\[\\]{$]+)}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([-_a-zA-Z0-9]+)\\[(['\"]?)([-_a-zA-Z0-9]+)\\2]}");
    private static final long COMMAND_TIMEOUT_SECONDS = 30;

    private ValueSubstitution() {
    }

    /** Replaces {@code ${env:NAME}}, {@code ${sys:name}} and {@code ${key}} references that resolve. */
    static String interpolate(String value, Map<String, String> keys) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement = m.group(1) == null ? keys.get(name)
                    : m.group(1).equals("env:") ? System.getenv(name) : System.getProperty(name);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The filter of that type (alias or Flume class name), or {@code null} if Millrace has none.
     *
     * @throws IllegalArgumentException naming the property and why, for a setting the filter cannot take
     */
    static UnaryOperator<String> create(String type, Map<String, String> properties) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "env", "org.apache.flume.configfilter.environmentvariableconfigfilter" -> System::getenv;
            case "external", "org.apache.flume.configfilter.externalprocessconfigfilter" -> {
                String command = properties.get("command");
                if (command == null) {
                    throw new IllegalArgumentException("command: required");
                }
                Charset charset;
                try {
                    charset = Charset.forName(properties.getOrDefault("charset", "UTF-8"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("charset: not a character set this JVM supports");
                }
                long timeout;
                try {
                    timeout = Long.parseLong(properties.getOrDefault("timeout", String.valueOf(
                            COMMAND_TIMEOUT_SECONDS)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("timeout: not a whole number of seconds");
                }
                yield key -> runCommand(command, key, charset, timeout);
            }
            default -> null;
        };
    }

    /** Replaces every {@code ${filter['key']}} reference whose filter is known and yields a value. */
    static String substitute(String value, Map<String, UnaryOperator<String>> filters) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            UnaryOperator<String> filter = filters.get(m.group(1));
            String replacement = filter == null ? null : filter.apply(m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The first line {@code <command> <key>} prints, or {@code null} if it fails, exits non-zero or does not finish
     * within {@code timeoutSeconds} (then it is killed). The line is read on a thread of its own, so a command that
     * prints nothing cannot hold the parse.
     */
    private static String runCommand(String command, String key, Charset charset, long timeoutSeconds) {
        List<String> argv = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        argv.add(key);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.error("config filter command {} failed: {}", argv, e.toString());
            return null;
        }
        CompletableFuture<String> firstLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), charset))) {
                firstLine.complete(out.readLine());
            } catch (IOException e) {
                firstLine.completeExceptionally(e);
            }
        }, "millrace-config-filter");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            String first = firstLine.get(timeoutSeconds, TimeUnit.SECONDS);
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException();
            }
            if (process.exitValue() != 0) {
                LOG.error("config filter command {} exited with status {}", argv, process.exitValue());
                return null;
            }
            return first;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            LOG.error("config filter command {} did not finish within {} s; killed", argv, timeoutSeconds);
            return null;
        } catch (ExecutionException e) {
            LOG.error("config filter command {} failed: {}", argv, e.getCause().toString());
            return null;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
