package org.millrace.api;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The limits a typed config interface declares with {@code @AttributeDefinition(min, max, options)}, read back
 * from the Metatype document bnd generates for it ({@code OSGI-INF/metatype/<interface>.xml}, beside its class):
 * those annotations are not kept at run time, and declaring a limit twice lets the two drift apart.
 */
final class AttributeLimits {
    /** The limits of one property; null fields mean no limit. */
    record Limit(BigDecimal min, BigDecimal max, List<String> options) {
    }

    private static final ClassValue<Map<String, Limit>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, Limit> computeValue(Class<?> spec) {
            return read(spec);
        }
    };

    private AttributeLimits() {
    }

    /**
     * The limits of each property of a config interface, by property name, in the order the interface declares
     * them; empty without a Metatype document.
     */
    static Map<String, Limit> of(Class<?> spec) {
        return CACHE.get(spec);
    }

    /** Why a converted value breaks its limit, or {@code null} if it keeps it (or has none). */
    static String check(Limit limit, Object value) {
        if (limit == null) {
            return null;
        }
        if (value instanceof Number n && (limit.min() != null || limit.max() != null)) {
            BigDecimal v = new BigDecimal(n.toString());
            boolean low = limit.min() != null && v.compareTo(limit.min()) < 0;
            boolean high = limit.max() != null && v.compareTo(limit.max()) > 0;
            if (low || high) {
                return limit.min() != null && limit.max() != null
                        ? "must be between " + limit.min().toPlainString() + " and " + limit.max().toPlainString()
                        : low && limit.min().signum() == 0 ? "must not be negative"
                        : low ? "must be at least " + limit.min().toPlainString()
                        : "must be at most " + limit.max().toPlainString();
            }
        }
        // Flume reads its enumerated settings in any case (consumeOrder = oldest or OLDEST)
        if (value instanceof String s && !limit.options().isEmpty()
                && limit.options().stream().noneMatch(s::equalsIgnoreCase)) {
            return "must be one of " + String.join(", ", limit.options());
        }
        return null;
    }

    private static Map<String, Limit> read(Class<?> spec) {
        ClassLoader loader = spec.getClassLoader();
        String resource = "OSGI-INF/metatype/" + spec.getName() + ".xml";
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            NodeList ads = dbf.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            Map<String, Limit> limits = new LinkedHashMap<>();
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                List<String> options = new ArrayList<>();
                NodeList opts = ad.getElementsByTagName("Option");
                for (int j = 0; j < opts.getLength(); j++) {
                    options.add(((Element) opts.item(j)).getAttribute("value"));
                }
                limits.put(ad.getAttribute("id"), new Limit(number(ad.getAttribute("min")),
                        number(ad.getAttribute("max")), List.copyOf(options)));
            }
            return java.util.Collections.unmodifiableMap(limits);
        } catch (IOException | ParserConfigurationException | SAXException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the Metatype document " + resource + " of " + spec, e);
        }
    }

    private static BigDecimal number(String attribute) {
        return attribute.isEmpty() ? null : new BigDecimal(attribute);
    }
}
