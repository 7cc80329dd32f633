package io.flotilla.secrets.workspace;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.secrets.SecretPaths;
import io.flotilla.secrets.SecretStore;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Secrets that a workspace keeps for its clusters and builds (e.g. a private package index token).
 * Values go to the {@link SecretStore} only; the database keeps names and metadata. Members list
 * names, workspace admins write and delete; no route ever returns a value. Writes are all-or-nothing:
 * the value is written first, then the row and the audit entry, in one transaction.
 */
@Singleton
public class WorkspaceSecretService {
    /** The most secrets one workspace may keep. */
    public static final int MAX_PER_WORKSPACE = 200;
    private static final String VALUE_KEY = "value";
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSecretService.class);
    private final WorkspaceSecretRepository secrets;
    private final SecretStore store;
    private final WorkspaceAccess access;
    private final AuditLog audit;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public WorkspaceSecretService(WorkspaceSecretRepository secrets, SecretStore store, WorkspaceAccess access,
                                  AuditLog audit, TransactionOperations<Connection> transactions, Clock clock) {
        this.secrets = secrets;
        this.store = store;
        this.access = access;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The outcome of {@link #put}: the metadata, and whether the secret was new. */
    public record PutResult(WorkspaceSecret secret, boolean created) {
    }

    /** Names and metadata of the workspace's secrets (members). */
    @Transactional(readOnly = true)
    public List<WorkspaceSecret> list(Caller caller, String workspaceName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        return secrets.findByWorkspaceIdOrderByName(workspace.id());
    }

    /** Creates or replaces a secret (workspace admins). */
    public PutResult put(Caller caller, String workspaceName, String name, String value) {
        SecretNames.requireName(name);
        SecretNames.requireValue(value);
        boolean[] written = {false};
        boolean[] created = {false};
        String[] path = {null};
        try {
            return transactions.executeWrite(status -> {
                Workspace workspace = access.requireAdmin(caller, workspaceName).workspace();
                secrets.lockWorkspace(workspace.id());
                Optional<WorkspaceSecret> existing = secrets.findByWorkspaceIdAndName(workspace.id(), name);
                if (existing.isEmpty() && secrets.countByWorkspaceId(workspace.id()) >= MAX_PER_WORKSPACE) {
                    throw new ServiceException(ServiceException.Kind.LIMIT_EXCEEDED, "secret_limit",
                            "Workspace '" + workspaceName + "' already keeps " + MAX_PER_WORKSPACE + " secrets, the most allowed.",
                            Map.of("limit", MAX_PER_WORKSPACE));
                }
                created[0] = existing.isEmpty();
                path[0] = SecretPaths.workspaceSecret(workspace.id(), name);
                store.put(path[0], Map.of(VALUE_KEY, value));
                written[0] = true;
                WorkspaceSecret row = existing
                        .map(s -> secrets.update(s.touched(clock.instant(), caller.username())))
                        .orElseGet(() -> secrets.save(new WorkspaceSecret(UUID.randomUUID(), workspace.id(), name,
                                clock.instant(), clock.instant(), caller.username())));
                audit.record(caller, created[0] ? "secret.create" : "secret.update", workspace.id(), name, null);
                LOG.debug("{} secret '{}' of workspace '{}' at {}", created[0] ? "Created" : "Replaced", name, workspaceName, path[0]);
                return new PutResult(row, created[0]);
            });
        } catch (RuntimeException e) {
            if (written[0] && created[0]) {
                removeOrphan(path[0]);
            }
            throw e;
        }
    }

    /** Deletes a secret and its value (workspace admins). */
    @Transactional
    public void delete(Caller caller, String workspaceName, String name) {
        Workspace workspace = access.requireAdmin(caller, workspaceName).workspace();
        secrets.lockWorkspace(workspace.id());
        WorkspaceSecret secret = secrets.findByWorkspaceIdAndName(workspace.id(), name)
                .orElseThrow(() -> ServiceException.notFound("secret", name));
        secrets.delete(secret);
        audit.record(caller, "secret.delete", workspace.id(), name, null);
        store.delete(SecretPaths.workspaceSecret(workspace.id(), name));
        LOG.debug("Deleted secret '{}' of workspace '{}'", name, workspaceName);
    }

    /**
     * The value of a workspace secret, for engines that hand it on (e.g. an environment build that needs a
     * package index token). Not for REST or the console: values are never shown to people.
     */
    public Optional<String> valueFor(UUID workspaceId, String name) {
        SecretNames.requireName(name);
        return store.get(SecretPaths.workspaceSecret(workspaceId, name)).map(data -> data.get(VALUE_KEY));
    }

    private void removeOrphan(String path) {
        try {
            store.delete(path);
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not remove the value at {} after a failed write: {}", path, cleanup.getMessage());
        }
    }
}
