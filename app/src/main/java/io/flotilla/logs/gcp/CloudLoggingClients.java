package io.flotilla.logs.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import io.grpc.ManagedChannelBuilder;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Opens the low-level Cloud Logging gRPC client ({@link LoggingClient}; the high-level {@code Logging} class
 * cannot reach a local endpoint). {@code flotilla.gcp.logging-endpoint} ({@code host:port}) replaces
 * {@code logging.googleapis.com:443}: spoken in plaintext on a loopback host (tests: {@code 127.0.0.1},
 * {@code localhost}), with TLS elsewhere (e.g. {@code private.googleapis.com:443}); agents are told the same.
 */
@Singleton
public class CloudLoggingClients {
    private final String endpoint;
    private final TransportChannelProvider channel;

    @Inject
    public CloudLoggingClients(@Property(name = "flotilla.gcp.logging-endpoint") @Nullable String endpoint) {
        this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
        if (this.endpoint == null) {
            this.channel = null;
        } else if (loopback(this.endpoint)) {
            this.channel = LoggingSettings.defaultGrpcTransportProviderBuilder().setEndpoint(this.endpoint)
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build();
        } else {
            this.channel = LoggingSettings.defaultGrpcTransportProviderBuilder().setEndpoint(this.endpoint).build();
        }
    }

    /** Whether {@code host:port} names this machine (where plaintext is acceptable). */
    static boolean loopback(String endpoint) {
        String host = endpoint.startsWith("[") ? endpoint.substring(0, endpoint.indexOf(']') + 1)
                : endpoint.contains(":") ? endpoint.substring(0, endpoint.lastIndexOf(':')) : endpoint;
        return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    }

    /**
     * Clients over a given channel (in-process tests).
     *
     * @param agentEndpoint what agents are told to write to, or null
     */
    public CloudLoggingClients(TransportChannelProvider channel, @Nullable String agentEndpoint) {
        this.endpoint = agentEndpoint;
        this.channel = channel;
    }

    /** The endpoint replacing Google's, as {@code host:port} (plaintext when on a loopback host), or null. */
    @Nullable
    public String endpoint() {
        return endpoint;
    }

    /** A new client (close it after use) reading with {@code credentials}. */
    public LoggingClient open(CredentialsProvider credentials) throws IOException {
        LoggingSettings.Builder settings = LoggingSettings.newBuilder().setCredentialsProvider(credentials);
        if (channel != null) {
            settings.setTransportChannelProvider(channel);
            if (endpoint != null) {
                settings.setEndpoint(endpoint);
            }
        }
        return LoggingClient.create(settings.build());
    }
}
