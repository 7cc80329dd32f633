package io.flotilla.provider.aws.iam;

import io.flotilla.provider.ApplianceId;
import io.flotilla.provider.aws.AssumedRoleCredentials;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.account.ValidationReport;
import io.flotilla.provider.account.ValidationReport.Check;
import io.flotilla.provider.account.ValidationReport.Outcome;
import io.flotilla.provider.account.ValidationReport.Untested;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Checks what a cloud account's credentials may do, without changing anything: first who they are
 * ({@code sts:GetCallerIdentity}; a refused {@code sts:AssumeRole} shows up here), then one harmless call per
 * action of the ongoing policy where AWS has one (dry runs, reads, calls on resources that cannot exist). AWS's
 * refusals are reported as missing actions, never retried; actions without such a call are listed as untested.
 */
@Singleton
public class AwsPermissionValidator {
    private static final Logger LOG = LoggerFactory.getLogger(AwsPermissionValidator.class);
    private static final String IDENTITY = "sts:GetCallerIdentity";
    private final AwsClients clients;
    private final Supplier<String> applianceId;
    private final Clock clock;

    @Inject
    public AwsPermissionValidator(AwsClients clients, ApplianceId applianceId, Clock clock) {
        this(clients, (Supplier<String>) applianceId::value, clock);
    }

    /** @param applianceId the owner tag value the dry runs of creating calls carry, as the real calls do */
    public AwsPermissionValidator(AwsClients clients, Supplier<String> applianceId, Clock clock) {
        this.clients = clients;
        this.applianceId = applianceId;
        this.clock = clock;
    }

    /** Tries the account's credentials and the ongoing policy's actions; never throws for AWS's answers. */
    public ValidationReport validate(AwsAccountContext account) {
        Instant checkedAt = clock.instant();
        GetCallerIdentityResponse identity;
        try {
            account.credentials().resolveCredentials();
        } catch (SdkException e) {
            return failed(checkedAt, credentialsError(account, e));
        }
        try {
            identity = clients.sts(account.region(), account.credentials()).getCallerIdentity();
        } catch (SdkException e) {
            return failed(checkedAt, "AWS did not accept the credentials: " + AwsAnswers.describe(e));
        }
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(IDENTITY, true, Outcome.ALLOWED, "Acting as " + identity.arn() + " in account "
                + identity.account() + "."));
        ProbeContext context = new ProbeContext(account, applianceId.get(), clients);
        context.accountId = identity.account();
        for (PermissionProbe probe : AwsPermissionProbes.all()) {
            checks.add(run(probe, context));
        }
        List<String> missing = checks.stream().filter(c -> c.outcome() == Outcome.MISSING).map(Check::action)
                .distinct().sorted().toList();
        boolean ok = checks.stream().allMatch(Check::ok);
        if (!ok) {
            LOG.info("Permission check of AWS account {} ({}): missing {}, not conclusive {}", account.name(),
                    identity.account(), missing, checks.stream().filter(c -> c.outcome() == Outcome.UNKNOWN)
                            .map(Check::action).toList());
        }
        return new ValidationReport(ok, checkedAt, identity.arn(), identity.account(), null, checks, missing, untested());
    }

    /** The actions of the ongoing policy that have no probe, each with the reason. */
    public static List<Untested> untested() {
        Set<String> probed = probedActions();
        Map<String, AwsPermission> byAction = new LinkedHashMap<>();
        AwsPermissionManifest.of(PolicyKind.ONGOING).forEach(p -> byAction.putIfAbsent(p.action(), p));
        AwsPermissionManifest.of(PolicyKind.IMAGE_BUILDS).forEach(p -> byAction.putIfAbsent(p.action(), p));
        return byAction.values().stream().filter(p -> !probed.contains(p.action()) && !p.action().equals(IDENTITY))
                .map(p -> new Untested(p.action(), AwsPermissionProbes.reason(p)))
                .sorted((a, b) -> a.action().compareTo(b.action())).toList();
    }

    /** The actions the probes try (besides {@code sts:GetCallerIdentity}). */
    public static Set<String> probedActions() {
        return AwsPermissionProbes.all().stream().map(PermissionProbe::action).collect(Collectors.toUnmodifiableSet());
    }

    private static Check run(PermissionProbe probe, ProbeContext context) {
        try {
            probe.run().run(context);
            return new Check(probe.action(), true, Outcome.ALLOWED, probe.call() + ": allowed.");
        } catch (PermissionProbe.CannotTry e) {
            return new Check(probe.action(), false, Outcome.UNKNOWN, probe.call() + ": not tried, " + e.getMessage() + ".");
        } catch (SdkException e) {
            Outcome outcome = AwsAnswers.outcome(e, probe.notFoundCodes());
            String detail = switch (outcome) {
                case ALLOWED -> probe.call() + ": allowed (" + AwsAnswers.code(e) + ").";
                case MISSING -> probe.call() + ": refused, " + AwsAnswers.describe(e);
                case UNKNOWN -> probe.call() + ": not conclusive, " + AwsAnswers.describe(e);
            };
            return new Check(probe.action(), outcome == Outcome.ALLOWED, outcome, detail);
        }
    }

    private ValidationReport failed(Instant checkedAt, String error) {
        return new ValidationReport(false, checkedAt, null, null, error, List.of(), List.of(), untested());
    }

    private static String credentialsError(AwsAccountContext account, SdkException e) {
        if (account.credentials() instanceof AssumedRoleCredentials assumed) {
            if (AwsAnswers.isRefusal(e)) {
                return "Could not assume role " + assumed.roleArn() + ": AWS refused sts:AssumeRole. Check that the"
                        + " role's trust policy requires exactly the external id registered here (condition"
                        + " sts:ExternalId) and trusts this appliance's principal, and that the appliance's own"
                        + " identity may call sts:AssumeRole on the role.";
            }
            return "Could not assume role " + assumed.roleArn() + ": " + AwsAnswers.describe(e);
        }
        return "The account's credentials could not be used: " + AwsAnswers.describe(e);
    }
}
