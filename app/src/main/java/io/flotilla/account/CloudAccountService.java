package io.flotilla.account;

import io.flotilla.audit.AuditLog;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.identity.Workspace;
import io.flotilla.identity.WorkspaceAccess;
import io.flotilla.identity.WorkspaceRepository;
import io.flotilla.provider.aws.AwsErrors;
import io.flotilla.provider.aws.AwsNetworkSetup;
import io.flotilla.provider.aws.iam.AwsPermissionValidator;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import io.flotilla.provider.aws.iam.ValidationReport;
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
 * account their workspace uses. A registration is all-or-nothing: access keys go to the secret store first,
 * then the row and the audit entry in one transaction, and the keys are removed again if that fails.
 */
@Singleton
public class CloudAccountService {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAccountService.class);
    private final CloudAccountRepository accounts;
    private final WorkspaceCloudAccountRepository bindings;
    private final WorkspaceRepository workspaces;
    private final WorkspaceAccess access;
    private final CloudAccountSecrets secrets;
    private final AuditLog audit;
    private final CloudAccountContexts contexts;
    private final AwsPermissionValidator validator;
    private final AwsNetworkSetup networks;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public CloudAccountService(CloudAccountRepository accounts, WorkspaceCloudAccountRepository bindings,
                               WorkspaceRepository workspaces, WorkspaceAccess access, CloudAccountSecrets secrets,
                               AuditLog audit, CloudAccountContexts contexts, AwsPermissionValidator validator,
                               AwsNetworkSetup networks,
                               TransactionOperations<Connection> transactions, Clock clock) {
        this.accounts = accounts;
        this.bindings = bindings;
        this.workspaces = workspaces;
        this.access = access;
        this.secrets = secrets;
        this.audit = audit;
        this.contexts = contexts;
        this.validator = validator;
        this.networks = networks;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Registers an account (appliance admins); 409 when the name is taken. */
    public CloudAccount register(Caller caller, CloudAccountRequest request) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        CredentialMode mode = CloudAccountRules.check(request);
        UUID id = UUID.randomUUID();
        CloudAccountRequest.Credentials c = request.credentials();
        boolean keysWritten = false;
        try {
            if (mode == CredentialMode.ACCESS_KEYS) {
                secrets.put(id, new CloudAccountSecrets.AccessKeys(c.accessKeyId(), c.secretAccessKey()));
                keysWritten = true;
            }
            return transactions.executeWrite(status -> {
                if (accounts.findByName(request.name()).isPresent()) {
                    throw ServiceException.conflict("cloud_account_exists", "A cloud account named '" + request.name() + "' already exists.");
                }
                Instant now = clock.instant();
                CloudAccount saved = accounts.save(new CloudAccount(id, request.name(), request.provider(), request.region(), mode,
                        c.roleArn(), c.externalId(), mode == CredentialMode.ACCESS_KEYS ? CloudAccountSecrets.hint(c.accessKeyId()) : null,
                        String.join(",", CloudAccountRules.subnets(request.subnetIds())),
                        String.join(",", CloudAccountRules.cidrs(request.allowedCidrs())), request.instanceProfileArn(),
                        request.logRetentionDays() == null ? CloudAccountRules.DEFAULT_RETENTION_DAYS : request.logRetentionDays(),
                        now, caller.username(), now, null, null, null));
                audit.record(caller, "cloud_account.create", null, request.name(), "provider=" + request.provider()
                        + " region=" + request.region() + " credentials=" + mode.value());
                return saved;
            });
        } catch (RuntimeException e) {
            if (keysWritten) {
                removeKeys(id);
            }
            throw e;
        }
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
        if (account.credentialMode() == CredentialMode.ACCESS_KEYS) {
            removeKeys(account.id());
        }
    }

    /** Binds the workspace's new clusters to the account (appliance admins). */
    @Transactional
    public CloudAccount bind(Caller caller, String workspaceName, String accountName) {
        Workspace workspace = access.requireMember(caller, workspaceName).workspace();
        WorkspaceAccess.requireApplianceAdmin(caller);
        if (accountName == null || accountName.isBlank()) {
            throw ServiceException.invalid("account", "account is required: the name of a registered cloud account.");
        }
        CloudAccount account = accounts.findByName(accountName).orElseThrow(() -> ServiceException.invalid("account",
                "There is no cloud account named '" + accountName + "'."));
        WorkspaceCloudAccount binding = new WorkspaceCloudAccount(workspace.id(), account.id(), clock.instant(), caller.username());
        if (bindings.existsById(workspace.id())) {
            bindings.update(binding);
        } else {
            bindings.save(binding);
        }
        audit.record(caller, "workspace.cloud_account.bind", workspace.id(), accountName, null);
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

    /** The account the workspace is bound to (engine use, no caller check). */
    public Optional<CloudAccount> boundTo(UUID workspaceId) {
        return bindings.findById(workspaceId).flatMap(b -> accounts.findById(b.cloudAccountId()));
    }

    /**
     * Tries harmless calls with the account's credentials (appliance admins) and records the outcome on the
     * account: which permissions are missing, or why the credentials could not be used at all.
     */
    public ValidationReport validate(Caller caller, String name) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        CloudAccount account = transactions.executeRead(status -> byName(name));
        ValidationReport report = validator.validate(contexts.context(account));
        String summary = summary(report);
        transactions.executeWrite(status -> {
            recordValidation(account.id(), report.ok(), summary);
            audit.record(caller, "cloud_account.validate", null, name, summary);
            return null;
        });
        LOG.info("Validated cloud account '{}': {}", name, summary);
        return report;
    }

    /**
     * Creates (or finds again) the account's network — a VPC with an internet gateway, a route table and one
     * subnet per availability zone, all tagged — and makes its subnets the account's (appliance admins). Needs
     * the setup policy on the account's credentials. A second call returns the same network.
     *
     * @param cidr the new VPC's IPv4 range, or null for {@value AwsNetworkSetup#DEFAULT_CIDR}
     */
    public CloudAccount createNetwork(Caller caller, String name, @Nullable String cidr) {
        WorkspaceAccess.requireApplianceAdmin(caller);
        CloudAccount account = transactions.executeRead(status -> byName(name));
        AwsNetworkSetup.Network network;
        try {
            network = networks.ensure(contexts.context(account), cidr);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("cidr", e.getMessage());
        } catch (SdkException e) {
            throw ServiceException.unavailable("aws_error", "Could not create the network of cloud account '" + name
                    + "': " + AwsErrors.describe(e), null);
        }
        CloudAccount updated = transactions.executeWrite(status -> recordSubnets(caller, account.id(), network.subnetIds()));
        LOG.info("Cloud account '{}' uses network {} ({}) with subnets {}", name, network.vpcId(), network.cidr(), network.subnetIds());
        return updated;
    }

    /** One sentence for the account row, the audit log and the console. */
    public static String summary(ValidationReport report) {
        if (report.error() != null) {
            return report.error();
        }
        if (report.ok()) {
            return "All " + report.checks().size() + " permissions tried are allowed for " + report.identityArn() + ".";
        }
        if (!report.missing().isEmpty()) {
            return "Missing permissions: " + String.join(", ", report.missing()) + ".";
        }
        return "Some permissions could not be confirmed: " + report.checks().stream().filter(c -> !c.ok())
                .map(ValidationReport.Check::action).collect(java.util.stream.Collectors.joining(", ")) + ".";
    }

    /** Records a validation outcome on the account. */
    @Transactional
    public CloudAccount recordValidation(UUID accountId, boolean ok, String summary) {
        CloudAccount account = accounts.findById(accountId).orElseThrow(() -> ServiceException.notFound("cloud account", accountId.toString()));
        return accounts.update(account.withValidation(clock.instant(), ok, summary.length() > 4000 ? summary.substring(0, 4000) : summary));
    }

    /** Stores subnets (e.g. of a network the appliance created) on the account. */
    @Transactional
    public CloudAccount recordSubnets(Caller caller, UUID accountId, List<String> subnets) {
        CloudAccount account = accounts.findById(accountId).orElseThrow(() -> ServiceException.notFound("cloud account", accountId.toString()));
        CloudAccount updated = accounts.update(account.withSubnets(CloudAccountRules.subnets(subnets), clock.instant()));
        audit.record(caller, "cloud_account.network", null, account.name(), "subnets=" + String.join(",", subnets));
        return updated;
    }

    private CloudAccount byName(String name) {
        return accounts.findByName(name).orElseThrow(() -> ServiceException.notFound("cloud account", name));
    }

    private void removeKeys(UUID id) {
        try {
            secrets.delete(id);
        } catch (RuntimeException cleanup) {
            LOG.warn("Could not remove the access keys of cloud account {}: {}", id, cleanup.getMessage());
        }
    }
}
