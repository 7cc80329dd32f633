package io.flotilla.provider.aws.iam;

import io.flotilla.error.ServiceException;
import io.micronaut.core.annotation.Nullable;

import java.util.regex.Pattern;

/**
 * Where the generated policies apply: this appliance (its id is the owner tag value and the external id), an
 * AWS account and region (each {@code *} when not given), the worker role's name, and who may assume the
 * appliance's role (the account's root when not given, i.e. whoever that account's own IAM lets).
 */
public record AwsTarget(String applianceId, String accountId, String region, String workerRole, @Nullable String principal) {
    /** Used when no worker role name is given. */
    public static final String DEFAULT_WORKER_ROLE = AwsPermissionManifest.ROLE_PREFIX + "worker";
    private static final String ANY = "*";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE = Pattern.compile(Pattern.quote(AwsPermissionManifest.ROLE_PREFIX) + "[A-Za-z0-9+=,.@_-]{1,55}");
    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:(root|role/[A-Za-z0-9+=,.@_/-]{1,512})");

    /** Checks each part; blank or missing account, region and role mean "any account", "any region", the default role. */
    public static AwsTarget of(String applianceId, @Nullable String accountId, @Nullable String region,
                               @Nullable String workerRole, @Nullable String principal) {
        String account = blank(accountId) ? ANY : accountId.trim();
        String where = blank(region) ? ANY : region.trim();
        String role = blank(workerRole) ? DEFAULT_WORKER_ROLE : workerRole.trim();
        String who = blank(principal) ? null : principal.trim();
        if (!ANY.equals(account) && !ACCOUNT.matcher(account).matches()) {
            throw ServiceException.invalid("accountId", "An AWS account id is 12 digits.");
        }
        if (!ANY.equals(where) && !REGION.matcher(where).matches()) {
            throw ServiceException.invalid("region", "'" + where + "' is not an AWS region name such as eu-west-1.");
        }
        if (!ROLE.matcher(role).matches()) {
            throw ServiceException.invalid("workerRole", "The worker role's name must start with '"
                    + AwsPermissionManifest.ROLE_PREFIX + "' (setup may only create such roles) and be at most 64 characters"
                    + " of letters, digits and +=,.@_-.");
        }
        if (who != null && !PRINCIPAL.matcher(who).matches()) {
            throw ServiceException.invalid("principal", "The principal must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
                    + " or an account root (arn:aws:iam::ACCOUNT:root).");
        }
        return new AwsTarget(applianceId, account, where, role, who);
    }

    /** {@code aws}, or {@code aws-cn} / {@code aws-us-gov} for those regions. */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** The id the trust policy requires callers to present ({@code sts:ExternalId}): the appliance id. */
    public String externalId() {
        return applianceId;
    }

    /** The principal allowed to assume the appliance's role, or null when neither it nor the account is known. */
    @Nullable
    public String trustedPrincipal() {
        if (principal != null) {
            return principal;
        }
        return ANY.equals(accountId) ? null : "arn:" + partition() + ":iam::" + accountId + ":root";
    }

    /** An ARN template from {@link AwsPermissionManifest} with this target's values filled in. */
    public String render(String template) {
        return template.replace("{partition}", partition())
                .replace("{region}", region)
                .replace("{account}", accountId)
                .replace("{workerRole}", workerRole);
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
