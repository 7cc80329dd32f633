package io.flotilla.config.tls;

import io.flotilla.error.ServiceException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.http.server.netty.NettyEmbeddedServerFactory;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's HTTPS port for cluster instances: a second Netty server with the same routes as the main (plain
 * HTTP) one, started right after it, serving the {@link InstanceCertificateProvider}'s certificate. The main port stays
 * plain for users, probes and load balancers; instances get this one's URL ({@link io.flotilla.config.ApplianceUrl}).
 */
@Singleton
@Requires(property = "flotilla.instance-tls.enabled", notEquals = "false")
public class InstanceTlsServer implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceTlsServer.class);
    private final InstanceTlsConfig config;
    private final NettyEmbeddedServerFactory factory;
    private final NettyHttpServerConfiguration mainServer;
    private final InstanceCertificateProvider provider;
    private final InstanceCertificates certificates;
    private NettyEmbeddedServer server;
    /** Set while this server starts: its own startup event must not start it again. */
    private volatile boolean starting;

    public InstanceTlsServer(InstanceTlsConfig config, NettyEmbeddedServerFactory factory, NettyHttpServerConfiguration mainServer,
                             InstanceCertificateProvider provider, InstanceCertificates certificates) {
        this.config = config;
        this.factory = factory;
        this.mainServer = mainServer;
        this.provider = provider;
        this.certificates = certificates;
    }

    /** Starts with the main server; a failure is logged here and reported again to whoever needs the port. */
    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (starting || event.getSource() == server) {
            return;
        }
        try {
            port();
        } catch (RuntimeException e) {
            LOG.error("The instance HTTPS port could not start; instances cannot be launched until it does: {}", e.getMessage());
        }
    }

    /** The bound HTTPS port, starting the server first if it is not running yet. */
    public synchronized int port() {
        if (server == null) {
            server = start();
        }
        return server.getPort();
    }

    private NettyEmbeddedServer start() {
        starting = true;
        try {
            InstanceCertificate certificate = certificates.current(); // one that cannot be read or made stops the start here
            if (!config.isPin() && certificate.origin().startsWith("generated")) {
                LOG.warn("flotilla.instance-tls.pin is false but the certificate is generated (self-signed): instances will refuse it."
                        + " Configure a certificate their trust store verifies, or leave the pin on.");
            }
            ServerSslConfiguration ssl = new ServerSslConfiguration();
            ssl.setEnabled(true);
            ssl.setPort(config.getPort());
            ssl.setKeyName(InstanceCertificateProvider.NAME);
            ssl.getKey().setPassword(provider.password());
            NettyEmbeddedServer started = factory.build(mainServer, ssl);
            started.start();
            LOG.info("Instance HTTPS port {} ready (cluster instances fetch their keys here)", started.getPort());
            return started;
        } catch (RuntimeException e) {
            throw ServiceException.unavailable("instance_tls_unavailable",
                    "The appliance's HTTPS port for instances (flotilla.instance-tls.port " + config.getPort()
                            + ") could not start: " + e.getMessage(), e);
        } finally {
            starting = false;
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (server != null) {
            server.stopServerOnly(); // stop() would stop the whole application context too
            server = null;
        }
    }
}
