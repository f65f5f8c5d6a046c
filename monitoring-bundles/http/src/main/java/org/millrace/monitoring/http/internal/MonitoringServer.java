package org.millrace.monitoring.http.internal;

import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import org.millrace.monitoring.http.internal.Listener.InvalidSetting;
import org.millrace.network.TcpServer;
import org.millrace.platform.Agents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring listener: one HTTP server on the shared Netty event loops, started, moved or stopped as its
 * configuration changes. A setting it cannot use is logged with its key, value and reason, and serves nothing;
 * the agents are never affected.
 */
@Component(configurationPid = MonitoringServer.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = MonitoringConfig.class)
public final class MonitoringServer {
    static final String PID = "org.millrace.monitoring";
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringServer.class);
    /** Requests are a line and a few headers; nothing is posted. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int IDLE_SECONDS = 60;
    private static final int MAX_CONNECTIONS = 64;

    @Reference
    Agents agents;

    private TcpServer server;

    @Activate
    @Modified
    synchronized void apply(MonitoringConfig config) {
        close();
        Listener listener;
        try {
            listener = Listener.resolve(config, System.getProperties());
        } catch (InvalidSetting e) {
            LOG.error("[monitoring] not serving: {}", e.getMessage());
            return;
        }
        if (listener == null) {
            LOG.info("[monitoring] off (set type = http in etc/{}.cfg, or -Dflume.monitoring.type=http)", PID);
            return;
        }
        MonitoringRequests requests = new MonitoringRequests(agents);
        try {
            server = TcpServer.on("monitoring", listener.bind(), listener.port())
                    .configured(new TcpServer.Settings(null, null, MAX_CONNECTIONS, IDLE_SECONDS))
                    .handlers(ch -> ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                            new HttpObjectAggregator(MAX_REQUEST_BYTES), requests))
                    .start();
            LOG.info("[monitoring] serving http://{}:{}/ (flow view), /metrics (Flume's JSON), /prometheus; set by {}",
                    listener.bind(), server.port(), listener.from());
        } catch (Exception e) {
            LOG.error("[monitoring] not serving: bind = {}, port = {}: {}", listener.bind(), listener.port(),
                    e.getMessage());
        }
    }

    /** The port served, or -1 if none (for tests). */
    synchronized int port() {
        return server == null ? -1 : server.port();
    }

    @Deactivate
    synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
