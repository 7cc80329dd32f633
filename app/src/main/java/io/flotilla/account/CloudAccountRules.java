package io.flotilla.account;

import io.flotilla.error.ServiceException;
import io.flotilla.identity.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape of a valid {@link CloudAccountRequest}; every violation is a 400 naming the field. */
public final class CloudAccountRules {
    /** Providers accounts can be registered for. */
    public static final Set<String> PROVIDERS = Set.of("aws");
    /** Retention values CloudWatch Logs accepts. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    public static final int DEFAULT_RETENTION_DAYS = 30;
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern PROFILE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,124}");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final int MAX_ITEMS = 32;

    private CloudAccountRules() {
    }

    /** Checks the request; returns the credential mode it asks for. */
    public static CredentialMode check(CloudAccountRequest request) {
        if (request == null) {
            throw ServiceException.invalid("body", "The request needs a JSON body describing the account.");
        }
        Names.require("name", request.name());
        if (request.provider() == null || !PROVIDERS.contains(request.provider())) {
            throw ServiceException.invalid("provider", "provider must be one of " + PROVIDERS + ".");
        }
        if (request.region() == null || !REGION.matcher(request.region()).matches()) {
            throw ServiceException.invalid("region", "region must be an AWS region name such as eu-central-1.");
        }
        if (request.credentials() == null || request.credentials().mode() == null) {
            throw ServiceException.invalid("credentials.mode",
                    "credentials.mode is required: instance_role, assume_role or access_keys.");
        }
        CloudAccountRequest.Credentials c = request.credentials();
        CredentialMode mode = CredentialMode.parse(c.mode());
        switch (mode) {
            case INSTANCE_ROLE -> refuse(c.roleArn() != null || c.externalId() != null || c.accessKeyId() != null
                    || c.secretAccessKey() != null, "credentials", "instance_role takes no role or keys.");
            case ASSUME_ROLE -> {
                require(c.roleArn(), ROLE_ARN, "credentials.roleArn", "credentials.roleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/flotilla-appliance.");
                require(c.externalId(), EXTERNAL_ID, "credentials.externalId", "credentials.externalId is required for assume_role: 2 to 1224 letters, digits or +=,.@:/-_.");
                refuse(c.accessKeyId() != null || c.secretAccessKey() != null, "credentials", "assume_role takes no access keys.");
            }
            case ACCESS_KEYS -> {
                require(c.accessKeyId(), ACCESS_KEY_ID, "credentials.accessKeyId", "credentials.accessKeyId must be an AWS access key id (AKIA…).");
                refuse(c.secretAccessKey() == null || c.secretAccessKey().isBlank() || c.secretAccessKey().length() > 128,
                        "credentials.secretAccessKey", "credentials.secretAccessKey is required for access_keys (at most 128 characters).");
                refuse(c.roleArn() != null || c.externalId() != null, "credentials", "access_keys takes no role.");
            }
            default -> throw new IllegalStateException(mode.name());
        }
        subnets(request.subnetIds());
        cidrs(request.allowedCidrs());
        if (request.instanceProfileArn() != null) {
            require(request.instanceProfileArn(), PROFILE_ARN, "instanceProfileArn",
                    "instanceProfileArn must be an instance profile ARN such as arn:aws:iam::123456789012:instance-profile/flotilla-worker.");
        }
        if (request.logRetentionDays() != null && !RETENTION_DAYS.contains(request.logRetentionDays())) {
            throw ServiceException.invalid("logRetentionDays", "logRetentionDays must be one of CloudWatch's values " + RETENTION_DAYS + ".");
        }
        return mode;
    }

    /** Subnet ids, checked. */
    public static List<String> subnets(List<String> subnets) {
        return list(subnets, SUBNET, "subnetIds", "subnetIds must hold subnet ids such as subnet-0abc12345def67890.");
    }

    /** CIDRs, checked (IPv4, each octet 0–255, prefix 0–32). */
    public static List<String> cidrs(List<String> cidrs) {
        List<String> checked = list(cidrs, CIDR, "allowedCidrs", "allowedCidrs must hold IPv4 CIDRs such as 10.0.0.0/16.");
        for (String cidr : checked) {
            var m = CIDR.matcher(cidr);
            m.matches();
            for (int g = 1; g <= 4; g++) {
                refuse(Integer.parseInt(m.group(g)) > 255, "allowedCidrs", "'" + cidr + "' is not an IPv4 CIDR.");
            }
            refuse(Integer.parseInt(m.group(5)) > 32, "allowedCidrs", "'" + cidr + "' has a prefix longer than 32.");
        }
        return checked;
    }

    private static List<String> list(List<String> values, Pattern pattern, String field, String message) {
        if (values == null) {
            return List.of();
        }
        refuse(values.size() > MAX_ITEMS, field, field + " may hold at most " + MAX_ITEMS + " entries.");
        List<String> checked = new ArrayList<>();
        for (String value : values) {
            require(value, pattern, field, message);
            if (!checked.contains(value)) {
                checked.add(value);
            }
        }
        return checked;
    }

    private static void require(String value, Pattern pattern, String field, String message) {
        refuse(value == null || !pattern.matcher(value).matches(), field, message);
    }

    private static void refuse(boolean condition, String field, String message) {
        if (condition) {
            throw ServiceException.invalid(field, message);
        }
    }
}
