package com.example.millrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;
import org.millrace.api.Event;

class MaskInterceptorTest {

    private static ComponentConfig config(Map<String, String> properties) {
        return new ComponentConfig("a1", "r1", "mask", "a1.sources.r1.interceptors.m.", properties);
    }

    @Test
    void masksCardNumbers() throws ConfigurationException {
        Event e = new MaskInterceptor().create(config(Map.of())).intercept(Event.of("paid with 4111111111111111 ok"));
        assertEquals("paid with **** ok", new String(e.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aBadPatternNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new MaskInterceptor().create(config(Map.of("pattern", "("))));
        assertEquals("a1.sources.r1.interceptors.m.pattern = (: not a regular expression: Unclosed group near"
                + " index 1", e.problems().get(0).toString());
    }
}
