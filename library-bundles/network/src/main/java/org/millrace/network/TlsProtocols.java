package org.millrace.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * Which TLS protocols and cipher suites an end accepts: Flume's space-separated include and exclude lists, where an
 * empty include list means everything the JVM supports. SSLv3 is always excluded, as in Flume.
 */
record TlsProtocols(List<String> includeProtocols, List<String> excludeProtocols, List<String> includeCiphers,
        List<String> excludeCiphers) {

    static TlsProtocols of(TlsConfig c) {
        List<String> exclude = new ArrayList<>(words(c.exclude$_$protocols()));
        if (!exclude.contains("SSLv3")) {
            exclude.add("SSLv3");
        }
        return new TlsProtocols(words(c.include$_$protocols()), exclude, words(c.include$_$cipher$_$suites()),
                words(c.exclude$_$cipher$_$suites()));
    }

    List<String> protocols(SSLParameters supported) {
        return choose(Arrays.asList(supported.getProtocols()), includeProtocols, excludeProtocols);
    }

    List<String> ciphers(SSLParameters supported) {
        return choose(Arrays.asList(supported.getCipherSuites()), includeCiphers, excludeCiphers);
    }

    private static List<String> choose(List<String> supported, List<String> include, List<String> exclude) {
        List<String> out = new ArrayList<>(include.isEmpty() ? supported : include);
        out.removeAll(exclude);
        return out;
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
