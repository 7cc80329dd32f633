package io.flotilla.provider.gcp.account;

import com.google.auth.oauth2.ServiceAccountCredentials;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.account.AccountNetwork;
import io.flotilla.provider.account.AccountRegistration;
import io.flotilla.provider.account.AccountSettings;
import io.flotilla.provider.account.AccountSupport;
import io.flotilla.provider.account.CloudAccountRef;
import io.flotilla.provider.account.CredentialsDescription;
import io.flotilla.provider.account.ValidationReport;
import io.flotilla.provider.gcp.GcpAccountContexts;
import io.flotilla.provider.gcp.GcpCredentialMode;
import io.flotilla.provider.gcp.GcpCredentialSources;
import io.flotilla.provider.gcp.GceNetworkSetup;
import io.flotilla.provider.gcp.iam.GcpPermissionValidator;
import io.flotilla.provider.gcp.iam.GcpValidationReport;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.flotilla.provider.account.FieldChecks.refuse;
import static io.flotilla.provider.account.FieldChecks.require;
import static io.flotilla.provider.gcp.GcpAccountSettings.KEY_ID_HINT;
import static io.flotilla.provider.gcp.GcpAccountSettings.NETWORK;
import static io.flotilla.provider.gcp.GcpAccountSettings.PROJECT;
import static io.flotilla.provider.gcp.GcpAccountSettings.PROVIDER;
import static io.flotilla.provider.gcp.GcpAccountSettings.SECRET_KEY_JSON;
import static io.flotilla.provider.gcp.GcpAccountSettings.SERVICE_ACCOUNT;
import static io.flotilla.provider.gcp.GcpAccountSettings.WORKER_SERVICE_ACCOUNT;
import static io.flotilla.provider.gcp.GcpAccountSettings.ZONES;

/**
 * GCP cloud accounts: a project, a default region and its zones, credentials (the appliance's own service account,
 * an impersonated one, or a service-account key kept in the secret store), the network and subnetworks, and the
 * service account instances run as; validation by {@code testIamPermissions} ({@link GcpPermissionValidator}) and a
 * labelled VPC network on request ({@link GceNetworkSetup}). Cloud Logging keeps logs as its log bucket says, so a
 * log retention is refused rather than ignored.
 */
@Singleton
public class GcpAccountSupport implements AccountSupport {
    private static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+\\d{1,2}");
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");
    private static final Pattern SERVICE_ACCOUNT_EMAIL = Pattern.compile("[a-z0-9][-a-z0-9]{0,62}@[a-z0-9][-a-z0-9.]{0,99}\\.gserviceaccount\\.com");
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PATH = Pattern.compile("(https://www\\.googleapis\\.com/compute/v1/)?(projects/[a-z][-a-z0-9.:]{4,62}/)?"
            + "(global/networks|regions/[a-z]+(-[a-z]+)+\\d{1,2}/subnetworks)/[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final int MAX_KEY_JSON = 16 * 1024;
    private static final Set<String> FIELDS = Set.of("project", "zones", "network", "subnetworks", "workerServiceAccount",
            "credentials.serviceAccount", "credentials.keyJson");
    private final GcpAccountContexts contexts;
    private final GcpPermissionValidator validator;
    private final GceNetworkSetup networks;

    public GcpAccountSupport(GcpAccountContexts contexts, GcpPermissionValidator validator, GceNetworkSetup networks) {
        this.contexts = contexts;
        this.validator = validator;
        this.networks = networks;
    }

    @Override
    public String providerId() {
        return PROVIDER;
    }

    @Override
    public List<String> credentialModes() {
        return GcpCredentialMode.names();
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public String regionHint() {
        return "a Google Cloud region name such as europe-west4";
    }

    @Override
    public boolean validRegion(String region) {
        return REGION.matcher(region).matches();
    }

    /** None: Cloud Logging's log bucket decides (the _Default bucket keeps 30 days). */
    @Override
    public List<Integer> retentionDays() {
        return List.of();
    }

    @Override
    public AccountSettings check(AccountRegistration r) {
        GcpCredentialMode mode = GcpCredentialMode.parse(r.credentialMode());
        String project = r.field("project");
        require(project, PROJECT_ID, "project", "project is required: a project id such as acme-analytics (6 to 30"
                + " lowercase letters, digits or dashes).");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(PROJECT, project);
        String serviceAccount = r.field("credentials.serviceAccount");
        String keyJson = r.secrets().get("credentials.keyJson");
        Map<String, String> secret = Map.of();
        switch (mode) {
            case ATTACHED_SERVICE_ACCOUNT -> refuse(serviceAccount != null || keyJson != null, "credentials",
                    "attached_service_account takes no service account or key: the appliance uses its own.");
            case IMPERSONATE -> {
                require(serviceAccount, SERVICE_ACCOUNT_EMAIL, "credentials.serviceAccount", "credentials.serviceAccount is"
                        + " required for impersonate: a service account email such as flotilla@other-project.iam.gserviceaccount.com.");
                refuse(keyJson != null, "credentials", "impersonate takes no key.");
                settings.put(SERVICE_ACCOUNT, serviceAccount);
            }
            case SERVICE_ACCOUNT_KEY -> {
                refuse(keyJson == null || keyJson.isBlank() || keyJson.length() > MAX_KEY_JSON, "credentials.keyJson",
                        "credentials.keyJson is required for service_account_key: the key file's JSON (at most 16 KiB).");
                refuse(serviceAccount != null, "credentials", "service_account_key takes no separate service account: the key names it.");
                ServiceAccountCredentials key;
                try {
                    key = GcpCredentialSources.parseKey(keyJson);
                } catch (IllegalArgumentException e) {
                    throw ServiceException.invalid("credentials.keyJson", "credentials.keyJson is " + e.getMessage() + ".");
                }
                settings.put(SERVICE_ACCOUNT, key.getClientEmail());
                settings.put(KEY_ID_HINT, key.getPrivateKeyId() == null ? "(none)" : hint(key.getPrivateKeyId()));
                secret = Map.of(SECRET_KEY_JSON, keyJson);
            }
            default -> throw new IllegalStateException(mode.name());
        }
        String zones = r.field("zones");
        if (zones != null && !zones.isBlank()) {
            List<String> checked = new ArrayList<>();
            for (String zone : zones.split(",")) {
                refuse(!zone.startsWith(r.region() + "-") || !zone.substring(r.region().length() + 1).matches("[a-z]"),
                        "zones", "zones must be zones of region " + r.region() + ", such as " + r.region() + "-a; '" + zone + "' is not.");
                if (!checked.contains(zone)) {
                    checked.add(zone);
                }
            }
            settings.put(ZONES, String.join(",", checked));
        }
        String network = r.field("network");
        if (network != null) {
            refuse(!NAME.matcher(network).matches() && !PATH.matcher(network).matches(), "network",
                    "network must be a VPC network name such as flotilla (or its global/networks/... path).");
            settings.put(NETWORK, network);
        }
        List<String> subnetworks = new ArrayList<>();
        for (String subnetwork : r.subnets()) {
            refuse(!NAME.matcher(subnetwork).matches() && !PATH.matcher(subnetwork).matches(), "subnetworks",
                    "subnetworks must hold subnetwork names such as flotilla-europe-west4 (or regions/<region>/subnetworks/... paths).");
            if (!subnetworks.contains(subnetwork)) {
                subnetworks.add(subnetwork);
            }
        }
        String worker = r.field("workerServiceAccount");
        if (worker != null) {
            require(worker, SERVICE_ACCOUNT_EMAIL, "workerServiceAccount", "workerServiceAccount must be a service account"
                    + " email such as flotilla-worker@" + project + ".iam.gserviceaccount.com.");
            settings.put(WORKER_SERVICE_ACCOUNT, worker);
        }
        return new AccountSettings(mode.value(), settings, subnetworks, secret, "project=" + project + " credentials=" + mode.value());
    }

    @Override
    public CredentialsDescription describeCredentials(CloudAccountRef account) {
        GcpCredentialMode mode = GcpCredentialMode.parse(account.credentialMode());
        Map<String, String> details = new LinkedHashMap<>();
        String sentence = switch (mode) {
            case ATTACHED_SERVICE_ACCOUNT -> "The appliance's own service account (metadata server or workload identity)";
            case IMPERSONATE -> {
                details.put(SERVICE_ACCOUNT, account.setting(SERVICE_ACCOUNT));
                yield "Impersonates " + account.setting(SERVICE_ACCOUNT) + " (short-lived tokens)";
            }
            case SERVICE_ACCOUNT_KEY -> {
                details.put(SERVICE_ACCOUNT, account.setting(SERVICE_ACCOUNT));
                details.put(KEY_ID_HINT, account.setting(KEY_ID_HINT));
                yield "Key " + account.setting(KEY_ID_HINT) + " of " + account.setting(SERVICE_ACCOUNT)
                        + "; keys do not expire, prefer the appliance's own service account or impersonation";
            }
        };
        return new CredentialsDescription(mode.value(), details, mode == GcpCredentialMode.SERVICE_ACCOUNT_KEY, sentence);
    }

    @Override
    public ValidationReport validate(CloudAccountRef account) {
        var context = contexts.context(account);
        GcpValidationReport report = validator.validate(context.credentials(), context.project());
        List<ValidationReport.Check> checks = report.checks().stream().map(c -> new ValidationReport.Check(c.permission(),
                c.ok(), c.ok() ? ValidationReport.Outcome.ALLOWED : ValidationReport.Outcome.MISSING, c.detail())).toList();
        List<ValidationReport.Untested> untested = report.untested().stream()
                .map(u -> new ValidationReport.Untested(u.permission(), u.reason())).toList();
        return new ValidationReport(report.ok(), report.checkedAt(), report.identity(), report.projectId(), report.error(),
                checks, report.missing(), untested);
    }

    @Override
    public AccountNetwork createNetwork(CloudAccountRef account, @Nullable String cidr, CloudMutations mutations) {
        return networks.ensure(contexts.context(account), cidr, mutations);
    }

    private static String hint(String keyId) {
        return keyId.length() < 8 ? "(hidden)" : keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4);
    }
}
