package org.millrace.network;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * A client's TLS, from Flume's properties ({@link TlsConfig}): trusting every certificate, those of a trust store,
 * or the JVM's default trust.
 */
public final class ClientTls {
    private final boolean trustAll;
    private final Path truststore;
    private final String password;
    private final String type;
    private final TlsProtocols protocols;

    private ClientTls(boolean trustAll, Path truststore, String password, String type, TlsProtocols protocols) {
        this.trustAll = trustAll;
        this.truststore = truststore;
        this.password = password;
        this.type = type;
        this.protocols = protocols;
    }

    /**
     * The TLS a connector's configuration asks for, or {@code null} with {@code ssl = false}.
     *
     * @throws ConfigurationException if a configured trust store is unreadable
     */
    public static ClientTls of(ComponentConfig config) throws ConfigurationException {
        TlsConfig c = config.as(TlsConfig.class);
        if (!c.ssl()) {
            return null;
        }
        String truststore = KeyStores.orGlobal(c.truststore(), "javax.net.ssl.trustStore", "FLUME_SSL_TRUSTSTORE_PATH");
        if (truststore != null && !c.trust$_$all$_$certs() && !Files.isReadable(Path.of(truststore))) {
            throw new ConfigurationException(config.problem("truststore", "no readable file at " + truststore));
        }
        return new ClientTls(c.trust$_$all$_$certs(), truststore == null ? null : Path.of(truststore),
                KeyStores.orGlobal(c.truststore$_$password(), "javax.net.ssl.trustStorePassword",
                        "FLUME_SSL_TRUSTSTORE_PASSWORD"),
                ServerTls.orJks(KeyStores.orGlobal(c.truststore$_$type(), "javax.net.ssl.trustStoreType",
                        "FLUME_SSL_TRUSTSTORE_TYPE")),
                TlsProtocols.of(c));
    }

    /** Reads the trust store and makes the context; once, when the connector starts. */
    SslContext open() throws IOException, GeneralSecurityException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (trustAll) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (truststore != null) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStores.load(truststore, password, type));
            builder.trustManager(trust);
        }
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        return builder.protocols(protocols.protocols(supported)).ciphers(protocols.ciphers(supported)).build();
    }
}
