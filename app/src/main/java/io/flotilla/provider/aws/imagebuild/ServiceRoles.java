package io.flotilla.provider.aws.imagebuild;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.iam.AwsPermissionManifest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CodeBuild service role of an account: {@code flotilla.aws.build.service-role-arn} in the default account,
 * the role of the same name in a registered one (whose id STS tells, once per account). Its name must start with
 * {@value AwsPermissionManifest#ROLE_PREFIX}: that is the only role the ongoing policy lets the appliance pass to
 * CodeBuild.
 */
final class ServiceRoles {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/((?:[A-Za-z0-9+=,.@_-]+/)*)("
            + Pattern.quote(AwsPermissionManifest.ROLE_PREFIX) + "[A-Za-z0-9+=,.@_-]{1,55})");
    private static final Map<String, String> ACCOUNT_IDS = new ConcurrentHashMap<>();

    private ServiceRoles() {
    }

    /** The service role's ARN in the account; ServiceException (a sentence) when none is configured or it is unusable. */
    static String arnIn(AwsAccountContext account, AwsBuildConfig config, AwsClients clients) {
        String configured = config.getServiceRoleArn();
        if (configured == null) {
            throw ServiceException.unavailable("build_role_missing", "No CodeBuild service role is configured for image"
                    + " builds on AWS: set flotilla.aws.build.service-role-arn (FLOTILLA_AWS_BUILD_SERVICE_ROLE_ARN) to the"
                    + " role Terraform created (docs/aws.md).", null);
        }
        Matcher m = ROLE_ARN.matcher(configured);
        if (!m.matches()) {
            throw ServiceException.unavailable("build_role_invalid", "flotilla.aws.build.service-role-arn must be an IAM"
                    + " role ARN whose name starts with '" + AwsPermissionManifest.ROLE_PREFIX + "' (the only role the"
                    + " appliance may pass to CodeBuild), not '" + configured + "'.", null);
        }
        if (AwsAccountContext.DEFAULT_KEY.equals(account.key())) {
            return configured;
        }
        return "arn:" + m.group(1) + ":iam::" + accountId(account, clients) + ":role/" + m.group(3) + m.group(4);
    }

    /** The account's 12-digit id (STS GetCallerIdentity with the account's credentials, asked once). */
    static String accountId(AwsAccountContext account, AwsClients clients) {
        return ACCOUNT_IDS.computeIfAbsent(account.key() + "|" + account.credentials().hashCode(),
                k -> clients.sts(account.region(), account.credentials()).getCallerIdentity().account());
    }
}
