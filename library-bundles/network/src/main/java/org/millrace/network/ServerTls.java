package org.millrace.network;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigurationException;

/**
 * A server's TLS, from Flume's properties ({@link TlsConfig}): checked when the connector is built, the key store
 * read when it starts.
 */
public final class ServerTls {
    private final Path keystore;
    private final String password;
    private final String type;
    private final TlsProtocols protocols;

    private ServerTls(Path keystore, String password, String type, TlsProtocols protocols) {
        this.keystore = keystore;
        this.password = password;
        this.type = type;
        this.protocols = protocols;
    }

    /**
     * The TLS a connector's configuration asks for, or {@code null} with {@code ssl = false}.
     *
     * @throws ConfigurationException if the key store is missing or unreadable
     */
    public static ServerTls of(ComponentConfig config) throws ConfigurationException {
        TlsConfig c = config.as(TlsConfig.class);
        if (!c.ssl()) {
            return null;
        }
        String keystore = KeyStores.orGlobal(c.keystore(), "javax.net.ssl.keyStore", "FLUME_SSL_KEYSTORE_PATH");
        if (keystore == null) {
            throw new ConfigurationException(config.problem("keystore", "required with ssl = true (or the"
                    + " javax.net.ssl.keyStore system property, or FLUME_SSL_KEYSTORE_PATH)"));
        }
        if (!Files.isReadable(Path.of(keystore))) {
            throw new ConfigurationException(config.problem("keystore", "no readable file at " + keystore));
        }
        return new ServerTls(Path.of(keystore),
                KeyStores.orGlobal(c.keystore$_$password(), "javax.net.ssl.keyStorePassword",
                        "FLUME_SSL_KEYSTORE_PASSWORD"),
                orJks(KeyStores.orGlobal(c.keystore$_$type(), "javax.net.ssl.keyStoreType", "FLUME_SSL_KEYSTORE_TYPE")),
                TlsProtocols.of(c));
    }

    static String orJks(String type) {
        return type == null ? "JKS" : type;
    }

    /** Reads the key store and makes the context handlers are made from; once, when the connector starts. */
    Context open() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStores.load(keystore, password, type), password == null ? null : password.toCharArray());
        SSLParameters supported = SSLContext.getDefault().getSupportedSSLParameters();
        SslContext context = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                .protocols(protocols.protocols(supported)).ciphers(protocols.ciphers(supported)).build();
        return context::newHandler;
    }

    /** Makes one TLS handler per connection. */
    @FunctionalInterface
    interface Context {
        SslHandler newHandler(ByteBufAllocator allocator);
    }
}
