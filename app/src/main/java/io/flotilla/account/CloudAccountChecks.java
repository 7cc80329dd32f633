package io.flotilla.account;

import io.flotilla.audit.AuditLog;
import io.flotilla.audit.MutationAudit;
import io.flotilla.audit.MutationCause;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.provider.account.AccountNetwork;
import io.flotilla.provider.account.AccountSupports;
import io.flotilla.provider.account.ValidationReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * What an admin asks the cloud about a registered account: whether its credentials work and which permissions
 * are missing (validate), and a network for its clusters. Outcomes are kept on the account.
 */
@Singleton
public class CloudAccountChecks {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAccountChecks.class);
    private final CloudAccountService accountService;
    private final CloudAccountRepository accounts;
    private final AccountSupports supports;
    private final AuditLog audit;
    private final MutationAudit mutationAudit;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public CloudAccountChecks(CloudAccountService accountService, CloudAccountRepository accounts, AccountSupports supports, AuditLog audit,
                              MutationAudit mutationAudit, TransactionOperations<Connection> transactions, Clock clock) {
        this.accountService = accountService;
        this.accounts = accounts;
        this.supports = supports;
        this.audit = audit;
        this.mutationAudit = mutationAudit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Tries harmless calls with the account's credentials (appliance admins) and records the outcome on the
     * account: which permissions are missing, or why the credentials could not be used at all.
     */
    public ValidationReport validate(Caller caller, String name) {
        CloudAccount account = accountService.byNameForAdmin(caller, name);
        ValidationReport report = supports.of(account.provider()).validate(account.ref());
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
     * Creates (or finds again) the account's network as its provider builds one (AWS: a VPC with an internet
     * gateway, a route table and one subnet per availability zone; GCP: a VPC network with one subnetwork in the
     * region), all tagged, and makes its subnets the account's (appliance admins). Needs the setup role on the
     * account's credentials. A second call returns the same network. Each piece created is audited on behalf of
     * the caller.
     *
     * @param cidr the new network's IPv4 range, or null for the provider's default
     */
    public CloudAccount createNetwork(Caller caller, String name, @Nullable String cidr) {
        CloudAccount account = accountService.byNameForAdmin(caller, name);
        AccountNetwork network;
        try {
            network = mutationAudit.call(MutationCause.user(caller.userId(), caller.username(), "network setup requested"),
                    new MutationAudit.Scope(account.name(), null, name),
                    mutations -> supports.of(account.provider()).createNetwork(account.ref(), cidr, mutations));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("cidr", e.getMessage());
        }
        CloudAccount updated = transactions.executeWrite(status -> recordNetwork(caller, account.id(), network));
        LOG.info("Cloud account '{}' uses network {} ({}) with subnets {}", name, network.networkId(), network.cidr(), network.subnets());
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

    /** Records a validation outcome on the account (inside the caller's transaction). */
    private CloudAccount recordValidation(UUID accountId, boolean ok, String summary) {
        CloudAccount account = accounts.findById(accountId).orElseThrow(() -> ServiceException.notFound("cloud account", accountId.toString()));
        return accounts.update(account.withValidation(clock.instant(), ok, summary.length() > 4000 ? summary.substring(0, 4000) : summary));
    }

    /** Stores a network the appliance created (its subnets and settings) on the account (inside the caller's transaction). */
    private CloudAccount recordNetwork(Caller caller, UUID accountId, AccountNetwork network) {
        List<String> subnets = network.subnets();
        CloudAccount account = accounts.findById(accountId).orElseThrow(() -> ServiceException.notFound("cloud account", accountId.toString()));
        CloudAccount updated = accounts.update(account.withNetwork(subnets, network.settings(), clock.instant()));
        audit.record(caller, "cloud_account.network", null, account.name(), "subnets=" + String.join(",", subnets));
        return updated;
    }

}
