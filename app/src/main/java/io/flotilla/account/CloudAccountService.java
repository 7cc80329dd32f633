package io.flotilla.account;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Names;
import io.flotilla.provider.account.AccountSettings;
import io.flotilla.provider.account.AccountSupport;
import io.flotilla.provider.account.AccountSupports;
import io.flotilla.provider.account.CredentialsDescription;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.identity.WorkspaceRepository;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers cloud accounts and binds workspaces to them (appliance admins); workspace members can see which
 * account their workspace uses. A registration is all-or-nothing: a secret (access keys, a service-account key) goes
 * to the secret store first, then the row and the audit entry in one transaction, and the secret is removed again
 * if that fails.
 */
@Singleton
public class CloudAccountService {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAccountService.class);
    private final CloudAccountRepository accounts;
    private final WorkspaceCloudAccountRepository bindings;
    private final WorkspaceRepository workspaces;
    private final WorkspaceAccess access;
    private final CloudAccountSecrets secrets;
    private final AccountSupports supports;
    private final AuditLog audit;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public CloudAccountService(CloudAccountRepository accounts, WorkspaceCloudAccountRepository bindings,
                               WorkspaceRepository workspaces, WorkspaceAccess access, CloudAccountSecrets secrets,
                               AccountSupports supports, AuditLog audit, TransactionOperations<Connection> transactions, Clock clock) {
        this.accounts = accounts;
        this.bindings = bindings;
        this.workspaces = workspaces;
        this.access = access;
        this.secrets = secrets;
        this.supports = supports;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Registers an account (appliance admins): the common fields are checked here, the provider's own by its
     * {@link AccountSupport}; 400 naming the field, 409 when the name is taken.
     */
    public CloudAccount register(Caller caller, CloudAccountRequest request) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        if (request == null) {
            throw ServiceException.invalid("body", "The request needs a JSON body describing the account.");
        }
        Names.require("name", request.name());
        AccountSupport support = supports.of(request.provider());
        AccountSettings checked = support.check(CloudAccountRules.check(request, support));
        UUID id = UUID.randomUUID();
        boolean secretWritten = false;
        try {
            if (!checked.secret().isEmpty()) {
                secrets.put(id, checked.secret());
                secretWritten = true;
            }
            return transactions.executeWrite(status -> {
                if (accounts.findByName(request.name()).isPresent()) {
                    throw ServiceException.conflict("cloud_account_exists", "A cloud account named '" + request.name() + "' already exists.");
                }
                Instant now = clock.instant();
                CloudAccount saved = accounts.save(new CloudAccount(id, request.name(), request.provider(), request.region(),
                        checked.credentialMode(), checked.settings(), String.join(",", checked.subnets()),
                        String.join(",", CloudAccountRules.cidrs(request.allowedCidrs())),
                        request.logRetentionDays() == null ? CloudAccountRules.DEFAULT_RETENTION_DAYS : request.logRetentionDays(),
                        now, caller.username(), now, null, null, null));
                audit.record(caller, "cloud_account.create", null, request.name(), "provider=" + request.provider()
                        + " region=" + request.region() + " " + checked.summary());
                return saved;
            });
        } catch (RuntimeException e) {
            if (secretWritten) {
                removeSecret(id);
            }
            throw e;
        }
    }

    /** How the account's credentials are shown (never a secret). */
    public CredentialsDescription credentialsOf(CloudAccount account) {
        return supports.of(account.provider()).describeCredentials(account.ref());
    }

    /** Every account (appliance admins). */
    @Transactional(readOnly = true)
    public List<CloudAccount> list(Caller caller) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return accounts.findAllOrderByName();
    }

    /** One account (appliance admins); 404 when unknown. */
    @Transactional(readOnly = true)
    public CloudAccount get(Caller caller, String name) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return byName(name);
    }

    /** Names of the workspaces bound to the account (appliance admins). */
    @Transactional(readOnly = true)
    public List<String> workspacesOf(Caller caller, CloudAccount account) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return bindings.findByCloudAccountId(account.id()).stream()
                .map(b -> workspaces.findById(b.workspaceId()).map(Workspace::name).orElse("?")).sorted().toList();
    }

    /** Removes an account (appliance admins); 409 while a workspace is bound to it or one of its clusters is active. */
    public void delete(Caller caller, String name) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        CloudAccount account = transactions.executeWrite(status -> {
            CloudAccount found = byName(name);
            if (!bindings.findByCloudAccountId(found.id()).isEmpty()) {
                throw ServiceException.conflict("cloud_account_in_use", "Cloud account '" + name
                        + "' is still bound to a workspace; bind those workspaces elsewhere first.");
            }
            if (accounts.countActiveClusters(found.id()) > 0) {
                throw ServiceException.conflict("cloud_account_in_use", "Cloud account '" + name
                        + "' still has running clusters; stop them first.");
            }
            accounts.delete(found);
            audit.record(caller, "cloud_account.delete", null, name, null);
            return found;
        });
        removeSecret(account.id());
    }

    /** Binds the workspace's new clusters to the account (appliance admins), with the account's allowed CIDRs. */
    public CloudAccount bind(Caller caller, String workspaceName, String accountName) {
        return bind(caller, workspaceName, accountName, null);
    }

    /**
     * Binds the workspace's new clusters to the account (appliance admins).
     *
     * @param allowedCidrs addresses allowed to reach the workspace's schedulers; null or empty: the account's
     */
    @Transactional
    public CloudAccount bind(Caller caller, String workspaceName, String accountName, @Nullable List<String> allowedCidrs) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        WorkspaceAccess.requireApplianceAdmin(caller);
        if (accountName == null || accountName.isBlank()) {
            throw ServiceException.invalid("account", "account is required: the name of a registered cloud account.");
        }
        List<String> cidrs = CloudAccountRules.cidrs(allowedCidrs);
        CloudAccount account = accounts.findByName(accountName).orElseThrow(() -> ServiceException.invalid("account",
                "There is no cloud account named '" + accountName + "'."));
        WorkspaceCloudAccount binding = new WorkspaceCloudAccount(workspace.id(), account.id(), clock.instant(), caller.username(),
                cidrs.isEmpty() ? null : String.join(",", cidrs));
        if (bindings.existsById(workspace.id())) {
            bindings.update(binding);
        } else {
            bindings.save(binding);
        }
        audit.record(caller, "workspace.cloud_account.bind", workspace.id(), accountName,
                cidrs.isEmpty() ? null : "allowedCidrs=" + String.join(",", cidrs));
        return account;
    }

    /** New clusters of the workspace use the local provider again (appliance admins). */
    @Transactional
    public void unbind(Caller caller, String workspaceName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        WorkspaceAccess.requireApplianceAdmin(caller);
        if (!bindings.existsById(workspace.id())) {
            throw ServiceException.notFound("cloud account binding of workspace", workspaceName);
        }
        bindings.deleteById(workspace.id());
        audit.record(caller, "workspace.cloud_account.unbind", workspace.id(), workspaceName, null);
    }

    /** The account the workspace is bound to, for its members. */
    @Transactional(readOnly = true)
    public Optional<CloudAccount> ofWorkspace(Caller caller, String workspaceName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        return boundTo(workspace.id());
    }

    /** The workspace's binding, for its members (appliance admins see every workspace's). */
    @Transactional(readOnly = true)
    public Optional<WorkspaceCloudAccount> bindingOf(Caller caller, String workspaceName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        return bindings.findById(workspace.id());
    }

    /**
     * The addresses allowed to reach the schedulers of a cluster of this workspace in this account (engine use):
     * the workspace's binding when it names some for that account, else empty (the account's setting applies).
     */
    public List<String> allowedCidrs(UUID workspaceId, @Nullable UUID accountId) {
        return bindings.findById(workspaceId).filter(b -> b.cloudAccountId().equals(accountId))
                .map(WorkspaceCloudAccount::cidrList).orElse(List.of());
    }

    /** The account the workspace is bound to (engine use, no caller check). */
    public Optional<CloudAccount> boundTo(UUID workspaceId) {
        return bindings.findById(workspaceId).flatMap(b -> accounts.findById(b.cloudAccountId()));
    }

    /** One account by name (appliance admins); 404 when unknown. */
    CloudAccount byNameForAdmin(Caller caller, String name) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        return transactions.executeRead(status -> byName(name));
    }

    private CloudAccount byName(String name) {
        return accounts.findByName(name).orElseThrow(() -> ServiceException.notFound("cloud account", name));
    }

    private void removeSecret(UUID id) {
        try {
            secrets.delete(id);
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not remove the secret of cloud account {} from the secret store: {}", id, cleanup.getMessage());
        }
    }
}
