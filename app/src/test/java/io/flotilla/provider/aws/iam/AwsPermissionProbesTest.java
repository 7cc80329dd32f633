package io.flotilla.provider.aws.iam;

import io.flotilla.provider.account.ValidationReport;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The permission check tries only actions of the ongoing policy, and accounts for every one of them. */
class AwsPermissionProbesTest {
    /** The role's two documents: ongoing and image builds. */
    private final Set<String> ongoing = java.util.stream.Stream.concat(AwsPermissionManifest.of(PolicyKind.ONGOING).stream(),
            AwsPermissionManifest.of(PolicyKind.IMAGE_BUILDS).stream()).map(AwsPermission::action).collect(Collectors.toSet());

    @Test
    void everyProbedActionIsInTheOngoingPolicyAndProbedOnce() {
        List<String> probed = AwsPermissionProbes.all().stream().map(PermissionProbe::action).toList();
        assertThat(probed).doesNotHaveDuplicates();
        assertThat(ongoing).as("ongoing policy").containsAll(probed);
    }

    @Test
    void everyOngoingActionIsProbedOrListedAsUntestedWithAReason() {
        Set<String> accounted = new HashSet<>(AwsPermissionValidator.probedActions());
        accounted.add("sts:GetCallerIdentity");
        AwsPermissionValidator.untested().forEach(u -> {
            assertThat(u.reason()).as(u.action()).isNotBlank().endsWith(".");
            assertThat(accounted.add(u.action())).as(u.action() + " both probed and untested").isTrue();
        });
        assertThat(accounted).isEqualTo(ongoing);
    }

    @Test
    void actionsOnlyAllowedOnTaggedResourcesAreUntestedNotGuessed() {
        Set<String> notOwnedOnly = java.util.stream.Stream.concat(AwsPermissionManifest.of(PolicyKind.ONGOING).stream(),
                        AwsPermissionManifest.of(PolicyKind.IMAGE_BUILDS).stream())
                .filter(p -> p.condition() != ConditionKind.RESOURCE_TAGGED).map(AwsPermission::action)
                .collect(Collectors.toSet());
        Set<String> ownedOnly = new HashSet<>(ongoing);
        ownedOnly.removeAll(notOwnedOnly);
        assertThat(ownedOnly).contains("ec2:TerminateInstances").doesNotContain("ec2:RunInstances");
        assertThat(AwsPermissionValidator.probedActions()).doesNotContainAnyElementsOf(ownedOnly);
        assertThat(AwsPermissionValidator.untested()).extracting(ValidationReport.Untested::action)
                .contains("ec2:TerminateInstances", "ec2:DeleteSecurityGroup", "iam:PassRole", "ec2:CreateFleet");
    }
}
