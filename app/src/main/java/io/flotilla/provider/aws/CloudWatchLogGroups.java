package io.flotilla.provider.aws;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.CloudMutations;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the CloudWatch Logs group a workspace's instances write to, with the account's retention, before
 * the first instance ships a line. Idempotent (an existing group is fine) and done once per account, region
 * and group while the appliance runs, so the retention follows a changed setting after a restart. The group's
 * creation and its retention policy are reported to the call's {@link CloudMutations}.
 */
@Singleton
public class CloudWatchLogGroups {
    /** The retention periods CloudWatch Logs accepts, in days. */
    public static final List<Integer> ALLOWED_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private final AwsClients clients;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public CloudWatchLogGroups(AwsClients clients) {
        this.clients = clients;
    }

    /**
     * Makes sure {@code group} exists in the account's region with its retention policy.
     *
     * @throws ServiceException (unavailable) with AWS's reason when CloudWatch refuses or cannot be reached
     */
    public void ensure(AwsAccountContext account, String group, CloudMutations mutations) {
        String key = account.key() + "|" + account.region() + "|" + group;
        if (ensured.contains(key)) {
            return;
        }
        CloudWatchLogsClient logs = clients.logs(account.region(), account.credentials());
        try {
            try {
                logs.createLogGroup(b -> b.logGroupName(group));
                mutations.report("log_group", "create", "in " + account.region(), group);
            } catch (ResourceAlreadyExistsException e) {
                // created before (by us, another replica, or an administrator): keep it
            }
            int days = retentionDays(account.logRetentionDays());
            logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(days));
            mutations.report("log_group", "put_retention", days + " days", group);
        } catch (SdkException e) {
            throw ServiceException.unavailable("logs_unavailable", "Could not prepare the CloudWatch log group " + group
                    + " in " + account.region() + ": " + AwsErrors.describe(e), e);
        }
        ensured.add(key);
    }

    /**
     * The retention CloudWatch accepts for a wished number of days: the smallest allowed value not below it
     * (e.g. 10 → 14, 31 → 60), at least 1 day and at most 3653 (ten years).
     */
    public static int retentionDays(int wished) {
        for (int allowed : ALLOWED_RETENTION_DAYS) {
            if (allowed >= wished) {
                return allowed;
            }
        }
        return ALLOWED_RETENTION_DAYS.get(ALLOWED_RETENTION_DAYS.size() - 1);
    }
}
