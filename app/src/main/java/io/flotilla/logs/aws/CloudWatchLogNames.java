package io.flotilla.logs.aws;

import io.flotilla.provider.aws.iam.AwsPermissionManifest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Names in CloudWatch Logs: a group per workspace, a stream per instance, and the console's link to a group. */
public final class CloudWatchLogNames {
    private CloudWatchLogNames() {
    }

    /** {@code /flotilla/<workspace>}; the worker role may write only below {@link AwsPermissionManifest#LOG_GROUP_PREFIX}. */
    public static String group(String workspace) {
        return AwsPermissionManifest.LOG_GROUP_PREFIX + workspace;
    }

    /** {@code <cluster id>/<instance name>}, e.g. {@code 7c9e…/worker-2}. */
    public static String stream(UUID clusterId, String instance) {
        return streamPrefix(clusterId) + instance;
    }

    /** The common prefix of a cluster's streams. */
    public static String streamPrefix(UUID clusterId) {
        return clusterId + "/";
    }

    /**
     * The group's page in the AWS console. The console's {@code logsV2} fragment wants the group name
     * URL-encoded twice with {@code $} in place of {@code %}: {@code /flotilla/a} → {@code $252Fflotilla$252Fa}.
     */
    public static String consoleUrl(String region, String group) {
        String encoded = URLEncoder.encode(group, StandardCharsets.UTF_8).replace("+", "%20").replace("%", "$25");
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region
                + "#logsV2:log-groups/log-group/" + encoded;
    }
}
