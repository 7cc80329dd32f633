package io.flotilla.provider.aws.iam;

import io.flotilla.provider.aws.iam.PolicyDocument.Statement;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the IAM documents from {@link AwsPermissionManifest}: permissions with the same resources and the same
 * condition become one statement. Nothing here is written by hand per document, so the documents cannot drift
 * from the manifest.
 */
public final class IamPolicyDocuments {
    static final String EC2_SERVICE = "ec2.amazonaws.com";
    static final String CODEBUILD_SERVICE = "codebuild.amazonaws.com";
    private static final String STRING_EQUALS = "StringEquals";

    private IamPolicyDocuments() {
    }

    /** Network and worker role creation, used once with the customer's own credentials. */
    public static PolicyDocument setup(AwsTarget target) {
        return permissions(PolicyKind.SETUP, target);
    }

    /** What the appliance's role may do every day. */
    public static PolicyDocument ongoing(AwsTarget target) {
        return permissions(PolicyKind.ONGOING, target);
    }

    /** What the appliance's role may do to build software environment images (CodeBuild); attached beside {@link #ongoing}. */
    public static PolicyDocument imageBuilds(AwsTarget target) {
        return permissions(PolicyKind.IMAGE_BUILDS, target);
    }

    /** The worker role's inline policy: log writes and image pulls. */
    public static PolicyDocument workerRole(AwsTarget target) {
        return permissions(PolicyKind.WORKER_ROLE, target);
    }

    /** Trust policy of the appliance's role: the principal may assume it only with the external id; null without a principal. */
    @Nullable
    public static PolicyDocument trust(AwsTarget target) {
        String principal = target.trustedPrincipal();
        if (principal == null) {
            return null;
        }
        return new PolicyDocument(List.of(Statement.trust("FlotillaApplianceAssumesRole", Map.of("AWS", principal),
                "sts:AssumeRole", stringEquals(Map.of("sts:ExternalId", List.of(target.externalId()))))));
    }

    /** Trust policy of the worker role: EC2 instances may assume it (that is how an instance profile works). */
    public static PolicyDocument workerRoleTrust(AwsTarget target) {
        return new PolicyDocument(List.of(Statement.trust("Ec2InstancesAssumeWorkerRole", Map.of("Service", EC2_SERVICE),
                "sts:AssumeRole", null)));
    }

    /** One policy document: the manifest's permissions of {@code kind}, grouped by resources and condition. */
    public static PolicyDocument permissions(PolicyKind kind, AwsTarget target) {
        List<AwsPermission> permissions = AwsPermissionManifest.of(kind);
        List<String> taggedCreations = permissions.stream()
                .filter(p -> p.condition() == ConditionKind.REQUEST_TAGGED && p.service().equals("ec2")
                        && !p.name().equals("CreateTags"))
                .map(AwsPermission::name).distinct().sorted().toList();
        Map<Grouping, Set<String>> groups = new LinkedHashMap<>();
        for (AwsPermission permission : permissions) {
            List<String> resources = permission.resources().stream().map(target::render).toList();
            Grouping grouping = new Grouping(permission.condition(), resources,
                    condition(permission, target, taggedCreations));
            groups.computeIfAbsent(grouping, g -> new TreeSet<>()).add(permission.action());
        }
        List<Statement> statements = new ArrayList<>();
        Map<String, Integer> sids = new LinkedHashMap<>();
        groups.forEach((grouping, actions) -> {
            String sid = sid(actions, grouping.kind());
            int seen = sids.merge(sid, 1, Integer::sum);
            statements.add(Statement.allow(seen == 1 ? sid : sid + seen, List.copyOf(actions), grouping.resources(),
                    grouping.condition()));
        });
        return new PolicyDocument(statements);
    }

    @Nullable
    static Map<String, Map<String, List<String>>> condition(AwsPermission permission, AwsTarget target,
                                                            List<String> taggedCreations) {
        String owner = AwsPermissionManifest.OWNER_TAG;
        return switch (permission.condition()) {
            case NONE -> null;
            case RESOURCE_TAGGED -> stringEquals(Map.of("aws:ResourceTag/" + owner, List.of(target.applianceId())));
            case PASS_ROLE_WORKER -> stringEquals(Map.of("iam:PassedToService", List.of(EC2_SERVICE)));
            case PASS_ROLE_BUILD -> stringEquals(Map.of("iam:PassedToService", List.of(CODEBUILD_SERVICE)));
            case REQUEST_TAGGED -> {
                Map<String, List<String>> keys = new TreeMap<>();
                keys.put("aws:RequestTag/" + owner, List.of(target.applianceId()));
                if (permission.action().equals("ec2:CreateTags")) {
                    keys.put("ec2:CreateAction", taggedCreations);
                }
                yield stringEquals(keys);
            }
        };
    }

    private static Map<String, Map<String, List<String>>> stringEquals(Map<String, List<String>> keys) {
        return Map.of(STRING_EQUALS, new TreeMap<>(keys));
    }

    /** E.g. {@code Ec2CreateFleetWithOwnerTag}: the statement's first action and what narrows it. */
    private static String sid(Set<String> actions, ConditionKind kind) {
        String first = actions.iterator().next();
        String service = first.substring(0, first.indexOf(':'));
        String suffix = switch (kind) {
            case NONE -> "";
            case REQUEST_TAGGED -> "WithOwnerTag";
            case RESOURCE_TAGGED -> "OnOwnedResources";
            case PASS_ROLE_WORKER -> "WorkerRoleToEc2";
            case PASS_ROLE_BUILD -> "BuildRoleToCodeBuild";
        };
        return Character.toUpperCase(service.charAt(0)) + service.substring(1).replace("-", "")
                + first.substring(first.indexOf(':') + 1) + suffix;
    }

    private record Grouping(ConditionKind kind, List<String> resources,
                            @Nullable Map<String, Map<String, List<String>>> condition) {
    }
}
