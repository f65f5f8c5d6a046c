package org.millrace.avro.rpc;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The layers Flume puts under the Avro framing: deflate ({@code compression-type = deflate}: one zlib stream per
 * direction, flushed at every message) and TLS. Flume's order, from the network inwards: compression, then TLS,
 * then frames; both ends must agree.
 */
public final class Transport {
    /** Handler names in a pipeline. */
    public static final String INFLATER = "inflater";
    /** Handler names in a pipeline. */
    public static final String DEFLATER = "deflater";
    /** Handler names in a pipeline. */
    public static final String TLS = "tls";

    private Transport() {
    }

    /** Adds deflate compression at the network end of the pipeline. */
    public static void addCompression(ChannelPipeline pipeline, int level) {
        pipeline.addLast(INFLATER, new JdkZlibDecoder(ZlibWrapper.ZLIB));
        pipeline.addLast(DEFLATER, new JdkZlibEncoder(ZlibWrapper.ZLIB, level));
    }

    /** Protocol and cipher-suite choices: space-separated include and exclude lists, as Flume's keys take them. */
    public record Filters(List<String> includeProtocols, List<String> excludeProtocols, List<String> includeCiphers,
            List<String> excludeCiphers) {

        /** From Flume's space-separated values (null or empty for none); SSLv3 is always excluded, as in Flume. */
        public static Filters of(String includeProtocols, String excludeProtocols, String includeCiphers,
                String excludeCiphers) {
            List<String> exclude = new ArrayList<>(words(excludeProtocols));
            if (!exclude.contains("SSLv3")) {
                exclude.add("SSLv3");
            }
            return new Filters(words(includeProtocols), exclude, words(includeCiphers), words(excludeCiphers));
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

    /** A server-side TLS context from a key store (JKS or PKCS12). */
    public static SslContext serverTls(Path keystore, String password, String type, Filters filters)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, password, type), password == null ? null : password.toCharArray());
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).protocols(filters.protocols(supported))
                .ciphers(filters.ciphers(supported)).build();
    }

    /**
     * A client-side TLS context: trusting every certificate, or those of a trust store, or (both null/false) the
     * JVM's default trust.
     */
    public static SslContext clientTls(boolean trustAll, Path truststore, String password, String type,
            Filters filters) throws IOException, GeneralSecurityException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (trustAll) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (truststore != null) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore, password, type));
            builder.trustManager(trust);
        }
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        return builder.protocols(filters.protocols(supported)).ciphers(filters.ciphers(supported)).build();
    }

    /**
     * A Flume SSL setting's global default: the JVM system property ({@code javax.net.ssl.keyStore}...), else the
     * environment variable ({@code FLUME_SSL_KEYSTORE_PATH}...).
     */
    public static String globalDefault(String systemProperty, String environmentVariable) {
        String value = System.getProperty(systemProperty);
        return value != null ? value : System.getenv(environmentVariable);
    }

    private static KeyStore load(Path file, String password, String type) throws IOException,
            GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}
