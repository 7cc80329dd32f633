package io.flotilla.account;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Names;
import io.flotilla.provider.account.AccountRegistration;
import io.flotilla.provider.account.AccountSupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of the common fields of a {@link CloudAccountRequest}; every violation is a 400 naming the field. The
 * provider's own fields are checked by its {@link AccountSupport}, from the {@link AccountRegistration} built here.
 */
public final class CloudAccountRules {
    public static final int DEFAULT_RETENTION_DAYS = 30;
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final int MAX_ITEMS = 32;

    private CloudAccountRules() {
    }

    /** Checks the common fields against the provider's rules; returns the provider's part to check. */
    public static AccountRegistration check(CloudAccountRequest request, AccountSupport support) {
        Names.require("name", request.name());
        if (request.region() == null || !support.validRegion(request.region())) {
            throw ServiceException.invalid("region", "region must be " + support.regionHint() + ".");
        }
        if (request.credentials() == null || request.credentials().mode() == null) {
            throw ServiceException.invalid("credentials.mode",
                    "credentials.mode is required: " + String.join(", ", support.credentialModes()) + ".");
        }
        if (!support.credentialModes().contains(request.credentials().mode())) {
            throw ServiceException.invalid("credentials.mode", "credentials.mode must be one of "
                    + String.join(", ", support.credentialModes()) + ".");
        }
        cidrs(request.allowedCidrs());
        if (request.logRetentionDays() != null && support.retentionDays().isEmpty()) {
            throw ServiceException.invalid("logRetentionDays", "logRetentionDays does not apply to " + support.providerId()
                    + " accounts: their log service keeps logs as its own settings say (Cloud Logging: the log bucket's retention).");
        }
        if (request.logRetentionDays() != null && !support.retentionDays().contains(request.logRetentionDays())) {
            throw ServiceException.invalid("logRetentionDays", "logRetentionDays must be one of "
                    + support.retentionDays() + ".");
        }
        AccountRegistration registration = registration(request);
        for (String field : registration.fields().keySet()) {
            if (!support.fields().contains(field)) {
                throw ServiceException.invalid(field, field + " does not apply to " + support.providerId() + " accounts.");
            }
        }
        for (String field : registration.secrets().keySet()) {
            if (!support.fields().contains(field)) {
                throw ServiceException.invalid(field, field + " does not apply to " + support.providerId() + " accounts.");
            }
        }
        return registration;
    }

    /** CIDRs, checked (IPv4, each octet 0–255, prefix 0–32). */
    public static List<String> cidrs(List<String> cidrs) {
        if (cidrs == null) {
            return List.of();
        }
        refuse(cidrs.size() > MAX_ITEMS, "allowedCidrs", "allowedCidrs may hold at most " + MAX_ITEMS + " entries.");
        List<String> checked = new ArrayList<>();
        for (String cidr : cidrs) {
            var m = cidr == null ? null : CIDR.matcher(cidr);
            refuse(m == null || !m.matches(), "allowedCidrs", "allowedCidrs must hold IPv4 CIDRs such as 10.0.0.0/16.");
            for (int g = 1; g <= 4; g++) {
                refuse(Integer.parseInt(m.group(g)) > 255, "allowedCidrs", "'" + cidr + "' is not an IPv4 CIDR.");
            }
            refuse(Integer.parseInt(m.group(5)) > 32, "allowedCidrs", "'" + cidr + "' has a prefix longer than 32.");
            if (!checked.contains(cidr)) {
                checked.add(cidr);
            }
        }
        return checked;
    }

    /** The provider-specific fields of the request, by JSON name (secrets apart). */
    private static AccountRegistration registration(CloudAccountRequest r) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        CloudAccountRequest.Credentials c = r.credentials();
        put(fields, "credentials.roleArn", c.roleArn());
        put(fields, "credentials.externalId", c.externalId());
        put(fields, "credentials.accessKeyId", c.accessKeyId());
        put(fields, "credentials.serviceAccount", c.serviceAccount());
        put(secrets, "credentials.secretAccessKey", c.secretAccessKey());
        put(secrets, "credentials.keyJson", c.keyJson());
        put(fields, "instanceProfileArn", r.instanceProfileArn());
        put(fields, "project", r.project());
        put(fields, "network", r.network());
        put(fields, "workerServiceAccount", r.workerServiceAccount());
        if (r.zones() != null) {
            refuse(r.zones().size() > MAX_ITEMS, "zones", "zones may hold at most " + MAX_ITEMS + " entries.");
            refuse(r.zones().stream().anyMatch(z -> z == null || z.contains(",")), "zones", "zones must hold zone names such as europe-west4-a.");
            fields.put("zones", String.join(",", r.zones()));
        }
        List<String> subnets = new ArrayList<>();
        if (r.subnetIds() != null) {
            fields.put("subnetIds", "");
            subnets.addAll(r.subnetIds());
        }
        if (r.subnetworks() != null) {
            fields.put("subnetworks", "");
            subnets.addAll(r.subnetworks());
        }
        refuse(subnets.size() > MAX_ITEMS, r.subnetworks() != null ? "subnetworks" : "subnetIds",
                "subnets may hold at most " + MAX_ITEMS + " entries.");
        refuse(subnets.stream().anyMatch(s -> s == null || s.contains(",")), r.subnetworks() != null ? "subnetworks" : "subnetIds",
                "subnets must not be empty or contain commas.");
        return new AccountRegistration(r.region(), c.mode(), fields, subnets, secrets);
    }

    private static void put(Map<String, String> into, String name, String value) {
        if (value != null) {
            into.put(name, value);
        }
    }

    private static void refuse(boolean condition, String field, String message) {
        if (condition) {
            throw ServiceException.invalid(field, message);
        }
    }
}
