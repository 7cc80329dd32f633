package io.flotilla.provider.aws.iam;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One AWS action Flotilla uses, the policy that grants it, the resources it is granted on and why.
 * An action appears more than once when different resource types need different conditions
 * (e.g. {@code ec2:RunInstances} creates tagged instances but only references subnets and images).
 *
 * @param action    {@code service:Action}, e.g. {@code ec2:CreateFleet}
 * @param policy    which document grants it
 * @param condition how it is narrowed beyond the resources
 * @param resources ARN templates; placeholders {@code {partition} {region} {account} {workerRole}}, or {@code *}
 * @param why       one sentence a reviewer in IT can check against the code
 */
public record AwsPermission(String action, PolicyKind policy, ConditionKind condition, List<String> resources,
                            String why) {
    /** {@code service:Action}: lower-case service prefix, an action name starting upper-case, no wildcard. */
    public static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Z][A-Za-z0-9]+");

    public AwsPermission {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(condition, "condition");
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(action + ": at least one resource");
        }
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(action + ": say why it is needed");
        }
    }

    /** The service prefix, e.g. {@code ec2}. */
    public String service() {
        return action.substring(0, action.indexOf(':'));
    }

    /** The action name without the service, e.g. {@code CreateFleet}. */
    public String name() {
        return action.substring(action.indexOf(':') + 1);
    }
}
