package io.flotilla.provider.aws.account;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import io.flotilla.provider.account.AccountNetwork;
import io.flotilla.provider.account.AccountRegistration;
import io.flotilla.provider.account.AccountSettings;
import io.flotilla.provider.account.AccountSupport;
import io.flotilla.provider.account.CloudAccountRef;
import io.flotilla.provider.account.CredentialsDescription;
import io.flotilla.provider.account.ValidationReport;
import io.flotilla.provider.aws.AwsAccountContexts;
import io.flotilla.provider.aws.AwsCredentialMode;
import io.flotilla.provider.aws.AwsErrors;
import io.flotilla.provider.aws.AwsNetworkSetup;
import io.flotilla.provider.aws.iam.AwsPermissionValidator;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.flotilla.provider.account.FieldChecks.refuse;
import static io.flotilla.provider.account.FieldChecks.require;

import static io.flotilla.provider.aws.AwsAccountSettings.ACCESS_KEY_HINT;
import static io.flotilla.provider.aws.AwsAccountSettings.EXTERNAL_ID;
import static io.flotilla.provider.aws.AwsAccountSettings.INSTANCE_PROFILE_ARN;
import static io.flotilla.provider.aws.AwsAccountSettings.PROVIDER;
import static io.flotilla.provider.aws.AwsAccountSettings.ROLE_ARN;
import static io.flotilla.provider.aws.AwsAccountSettings.SECRET_ACCESS_KEY;
import static io.flotilla.provider.aws.AwsAccountSettings.SECRET_KEY_ID;

/**
 * AWS cloud accounts: a region, credentials (the appliance's instance role, an assumed role with an external id,
 * or access keys kept in the secret store), subnets and a worker instance profile; validation by harmless calls
 * ({@link AwsPermissionValidator}) and a tagged VPC on request ({@link AwsNetworkSetup}).
 */
@Singleton
public class AwsAccountSupport implements AccountSupport {
    /** Retention values CloudWatch Logs accepts. */
    public static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE_ARN_SHAPE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern PROFILE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID_SHAPE = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{12,124}");
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final Set<String> FIELDS = Set.of("credentials.roleArn", "credentials.externalId", "credentials.accessKeyId",
            "credentials.secretAccessKey", "instanceProfileArn", "subnetIds");
    private final AwsAccountContexts contexts;
    private final AwsPermissionValidator validator;
    private final AwsNetworkSetup networks;

    public AwsAccountSupport(AwsAccountContexts contexts, AwsPermissionValidator validator, AwsNetworkSetup networks) {
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
        return AwsCredentialMode.names();
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public String regionHint() {
        return "an AWS region name such as eu-central-1";
    }

    @Override
    public boolean validRegion(String region) {
        return REGION.matcher(region).matches();
    }

    @Override
    public List<Integer> retentionDays() {
        return RETENTION_DAYS;
    }

    @Override
    public AccountSettings check(AccountRegistration r) {
        AwsCredentialMode mode = AwsCredentialMode.parse(r.credentialMode());
        String roleArn = r.field("credentials.roleArn");
        String externalId = r.field("credentials.externalId");
        String keyId = r.field("credentials.accessKeyId");
        String secretKey = r.secrets().get("credentials.secretAccessKey");
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> secret = Map.of();
        switch (mode) {
            case INSTANCE_ROLE -> refuse(roleArn != null || externalId != null || keyId != null || secretKey != null,
                    "credentials", "instance_role takes no role or keys.");
            case ASSUME_ROLE -> {
                require(roleArn, ROLE_ARN_SHAPE, "credentials.roleArn", "credentials.roleArn must be an IAM role ARN such as arn:aws:iam::123456789012:role/flotilla-appliance.");
                require(externalId, EXTERNAL_ID_SHAPE, "credentials.externalId", "credentials.externalId is required for assume_role: 2 to 1224 letters, digits or +=,.@:/-_.");
                refuse(keyId != null || secretKey != null, "credentials", "assume_role takes no access keys.");
                settings.put(ROLE_ARN, roleArn);
                settings.put(EXTERNAL_ID, externalId);
            }
            case ACCESS_KEYS -> {
                require(keyId, ACCESS_KEY_ID, "credentials.accessKeyId", "credentials.accessKeyId must be an AWS access key id (AKIA…).");
                refuse(secretKey == null || secretKey.isBlank() || secretKey.length() > 128,
                        "credentials.secretAccessKey", "credentials.secretAccessKey is required for access_keys (at most 128 characters).");
                refuse(roleArn != null || externalId != null, "credentials", "access_keys takes no role.");
                settings.put(ACCESS_KEY_HINT, hint(keyId));
                secret = Map.of(SECRET_KEY_ID, keyId, SECRET_ACCESS_KEY, secretKey);
            }
            default -> throw new IllegalStateException(mode.name());
        }
        List<String> subnets = subnets(r.subnets());
        String profile = r.field("instanceProfileArn");
        if (profile != null) {
            require(profile, PROFILE_ARN, "instanceProfileArn",
                    "instanceProfileArn must be an instance profile ARN such as arn:aws:iam::123456789012:instance-profile/flotilla-worker.");
            settings.put(INSTANCE_PROFILE_ARN, profile);
        }
        return new AccountSettings(mode.value(), settings, subnets, secret, "credentials=" + mode.value());
    }

    @Override
    public CredentialsDescription describeCredentials(CloudAccountRef account) {
        AwsCredentialMode mode = AwsCredentialMode.parse(account.credentialMode());
        Map<String, String> details = new LinkedHashMap<>();
        String sentence = switch (mode) {
            case INSTANCE_ROLE -> "The appliance's own instance role";
            case ASSUME_ROLE -> {
                details.put(ROLE_ARN, account.setting(ROLE_ARN));
                details.put(EXTERNAL_ID, account.setting(EXTERNAL_ID));
                yield "Role " + account.setting(ROLE_ARN) + ", external id " + account.setting(EXTERNAL_ID);
            }
            case ACCESS_KEYS -> {
                details.put("accessKeyIdHint", account.setting(ACCESS_KEY_HINT));
                yield "Access key " + account.setting(ACCESS_KEY_HINT) + "; keys do not expire, prefer a role";
            }
        };
        return new CredentialsDescription(mode.value(), details, mode == AwsCredentialMode.ACCESS_KEYS, sentence);
    }

    @Override
    public ValidationReport validate(CloudAccountRef account) {
        return validator.validate(contexts.context(account));
    }

    @Override
    public AccountNetwork createNetwork(CloudAccountRef account, @Nullable String cidr, CloudMutations mutations) {
        try {
            AwsNetworkSetup.Network network = networks.ensure(contexts.context(account), cidr, mutations);
            return new AccountNetwork(network.vpcId(), network.cidr(), subnets(network.subnetIds()));
        } catch (SdkException e) {
            throw ServiceException.unavailable("aws_error", "Could not create the network of cloud account '" + account.name()
                    + "': " + AwsErrors.describe(e), null);
        }
    }

    /** What may be shown of an access key id: its first four and last four characters. */
    public static String hint(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 8) {
            return "(hidden)";
        }
        return accessKeyId.substring(0, 4) + "…" + accessKeyId.substring(accessKeyId.length() - 4);
    }

    private static List<String> subnets(List<String> subnets) {
        List<String> checked = new ArrayList<>();
        for (String subnet : subnets) {
            require(subnet, SUBNET, "subnetIds", "subnetIds must hold subnet ids such as subnet-0abc12345def67890.");
            if (!checked.contains(subnet)) {
                checked.add(subnet);
            }
        }
        return checked;
    }
}
