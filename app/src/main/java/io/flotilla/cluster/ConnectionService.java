package io.flotilla.cluster;

import io.flotilla.audit.AuditLog;
import io.flotilla.cluster.tls.CertificateRole;
import io.flotilla.cluster.tls.ClusterCa;
import io.flotilla.cluster.tls.IssuedCertificate;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a user needs to connect straight to the scheduler: its address, the cluster CA, and a freshly
 * issued client certificate. Only for the cluster's creator and workspace admins.
 */
@Singleton
public class ConnectionService {
    private final ClusterService clusters;
    private final ClusterPki pki;
    private final AuditLog audit;
    private final ObjectMapper json;

    public ConnectionService(ClusterService clusters, ClusterPki pki, AuditLog audit, ObjectMapper json) {
        this.clusters = clusters;
        this.pki = pki;
        this.audit = audit;
        this.json = json;
    }

    /** Connection material; the key is generated for this call and never stored. */
    public record Credentials(String schedulerAddress, String dashboardUrl, String caCertPem, String clientCertPem,
                              String clientKeyPem, Map<String, String> versions) {
        @Override
        public String toString() {
            return "Credentials[" + schedulerAddress + ", key hidden]";
        }
    }

    @Transactional
    public Credentials credentials(Caller caller, String workspace, String name) {
        Cluster cluster = clusters.requireControl(caller, workspace, name);
        if (cluster.state() != ClusterState.RUNNING || cluster.schedulerAddress() == null) {
            throw ServiceException.conflict("cluster_not_running", "Cluster '" + name + "' is " + cluster.state().id()
                    + "; credentials are available once it is running.");
        }
        ClusterCa ca = pki.ca(cluster.id());
        IssuedCertificate cert = ca.issue(CertificateRole.CLIENT, caller.username() + "@" + cluster.name(), List.of());
        audit.record(caller, "cluster.credentials", cluster.workspaceId(), name, "client certificate issued");
        return new Credentials(cluster.schedulerAddress(), cluster.dashboardUrl(), ca.certPem(),
                cert.certPem(), cert.keyPem(), versions(cluster));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> versions(Cluster cluster) {
        if (cluster.versions() == null) {
            return Map.of();
        }
        try {
            return json.readValue(cluster.versions(), Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }
}
