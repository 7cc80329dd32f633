package io.flotilla.provider.aws.iam;

import io.flotilla.error.ServiceException;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated JSON: valid, complete with respect to the manifest, conditioned on this appliance's tag. */
class IamPolicyDocumentsTest {
    private static final String APPLIANCE = "5b1d6c1e-0f7a-4e43-9d55-2b7f0c3f5a11";
    private static final AwsTarget TARGET = AwsTarget.of(APPLIANCE, "123456789012", "eu-west-1", "flotilla-worker", null);
    /** AWS's limit for a managed policy, counted without whitespace. */
    private static final int MANAGED_POLICY_LIMIT = 6144;
    private final ObjectMapper json = ObjectMapper.getDefault();

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void documentIsJsonWithVersionAndEveryManifestActionOfItsKind(PolicyKind kind) throws IOException {
        Map<String, Object> document = roundTrip(IamPolicyDocuments.permissions(kind, TARGET));
        assertThat(document).containsEntry("Version", "2012-10-17").containsOnlyKeys("Version", "Statement");
        List<Map<String, Object>> statements = statements(document);
        Set<String> actions = statements.stream().flatMap(s -> strings(s.get("Action")).stream()).collect(Collectors.toSet());
        assertThat(actions).isEqualTo(AwsPermissionManifest.of(kind).stream().map(AwsPermission::action).collect(Collectors.toSet()));
        assertThat(statements).allSatisfy(s -> {
            assertThat(s).containsEntry("Effect", "Allow").containsKeys("Sid", "Action", "Resource");
            assertThat((String) s.get("Sid")).matches("[A-Za-z0-9]+");
        });
        assertThat(statements).extracting(s -> s.get("Sid")).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(PolicyKind.class)
    void documentFitsTheManagedPolicySizeLimit(PolicyKind kind) throws IOException {
        String text = json.writeValueAsString(IamPolicyDocuments.permissions(kind, TARGET)).replaceAll("\\s", "");
        assertThat(text.length()).as(kind + " without whitespace").isLessThan(MANAGED_POLICY_LIMIT);
    }

    @Test
    void destructiveStatementsRequireThisAppliancesTag() throws IOException {
        List<Map<String, Object>> statements = statements(roundTrip(IamPolicyDocuments.ongoing(TARGET)));
        Map<String, Object> terminate = statementWith(statements, "ec2:TerminateInstances");
        assertThat(terminate.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:ResourceTag/flotilla:appliance", List.of(APPLIANCE))));
        assertThat(strings(terminate.get("Resource"))).containsExactly("arn:aws:ec2:eu-west-1:123456789012:instance/*");
        assertThat(strings(terminate.get("Action"))).allMatch(a -> !a.startsWith("ec2:Describe"));
    }

    @Test
    void tagsCanOnlyBeWrittenWhileCreating() throws IOException {
        List<Map<String, Object>> statements = statements(roundTrip(IamPolicyDocuments.ongoing(TARGET)));
        Map<String, Object> createTags = statementWith(statements, "ec2:CreateTags");
        assertThat(strings(createTags.get("Action"))).containsExactly("ec2:CreateTags");
        assertThat(createTags.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of(
                "aws:RequestTag/flotilla:appliance", List.of(APPLIANCE),
                "ec2:CreateAction", List.of("CreateFleet", "CreateLaunchTemplate", "CreateSecurityGroup", "RunInstances"))));
        Map<String, Object> fleet = statements.stream()
                .filter(s -> strings(s.get("Resource")).contains("arn:aws:ec2:eu-west-1:123456789012:fleet/*")
                        && strings(s.get("Action")).contains("ec2:CreateFleet")).findFirst().orElseThrow();
        assertThat(fleet.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:RequestTag/flotilla:appliance", List.of(APPLIANCE))));
    }

    @Test
    void theBuildRoleIsPassedOnlyToCodeBuild() throws IOException {
        Map<String, Object> passRole = statements(roundTrip(IamPolicyDocuments.imageBuilds(TARGET))).stream()
                .filter(s -> strings(s.get("Action")).contains("iam:PassRole")
                        && strings(s.get("Resource")).contains("arn:aws:iam::123456789012:role/flotilla-*"))
                .findFirst().orElseThrow();
        assertThat(strings(passRole.get("Action"))).containsExactly("iam:PassRole");
        assertThat(passRole.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("iam:PassedToService", List.of("codebuild.amazonaws.com"))));
        Map<String, Object> startBuild = statementWith(statements(roundTrip(IamPolicyDocuments.imageBuilds(TARGET))), "codebuild:StartBuild");
        assertThat(statements(roundTrip(IamPolicyDocuments.ongoing(TARGET)))).as("the ongoing document has none of it")
                .noneMatch(st -> strings(st.get("Action")).stream().anyMatch(a -> a.startsWith("codebuild:")));
        assertThat(startBuild.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:ResourceTag/flotilla:appliance", List.of(APPLIANCE))));
    }

    @Test
    void passRoleOnlyForTheWorkerRoleAndOnlyToEc2() throws IOException {
        Map<String, Object> passRole = statementWith(statements(roundTrip(IamPolicyDocuments.ongoing(TARGET))), "iam:PassRole");
        assertThat(strings(passRole.get("Action"))).containsExactly("iam:PassRole");
        assertThat(strings(passRole.get("Resource"))).containsExactly("arn:aws:iam::123456789012:role/flotilla-worker");
        assertThat(passRole.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", List.of("ec2.amazonaws.com"))));
    }

    @Test
    void trustPolicyRequiresTheExternalId() throws IOException {
        Map<String, Object> trust = roundTrip(IamPolicyDocuments.trust(TARGET));
        assertThat(trust).containsEntry("Version", "2012-10-17");
        Map<String, Object> statement = statements(trust).get(0);
        assertThat(statement).containsEntry("Effect", "Allow").doesNotContainKey("Resource")
                .containsEntry("Principal", Map.of("AWS", "arn:aws:iam::123456789012:root"))
                .containsEntry("Condition", Map.of("StringEquals", Map.of("sts:ExternalId", List.of(APPLIANCE))));
        assertThat(strings(statement.get("Action"))).containsExactly("sts:AssumeRole");

        AwsTarget narrowed = AwsTarget.of(APPLIANCE, "123456789012", null, null, "arn:aws:iam::210987654321:role/flotilla-appliance");
        assertThat(statements(roundTrip(IamPolicyDocuments.trust(narrowed))).get(0))
                .containsEntry("Principal", Map.of("AWS", "arn:aws:iam::210987654321:role/flotilla-appliance"));
        assertThat(IamPolicyDocuments.trust(AwsTarget.of(APPLIANCE, null, null, null, null)))
                .as("no account and no principal: nobody to trust").isNull();
    }

    @Test
    void missingAccountAndRegionBecomeWildcardsAndChinaGetsItsPartition() throws IOException {
        String anywhere = json.writeValueAsString(IamPolicyDocuments.ongoing(AwsTarget.of(APPLIANCE, null, null, null, null)));
        assertThat(anywhere).contains("arn:aws:ec2:*:*:instance/*").contains("arn:aws:iam::*:role/flotilla-worker");
        String china = json.writeValueAsString(IamPolicyDocuments.ongoing(AwsTarget.of(APPLIANCE, "123456789012", "cn-north-1", null, null)));
        assertThat(china).contains("arn:aws-cn:ec2:cn-north-1:123456789012:instance/*").doesNotContain("arn:aws:");
    }

    @Test
    void badInputIsRejectedWithTheFieldName() {
        assertThatThrownBy(() -> AwsTarget.of(APPLIANCE, "12345", null, null, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.details()).containsEntry("field", "accountId"));
        assertThatThrownBy(() -> AwsTarget.of(APPLIANCE, null, "Europe", null, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.details()).containsEntry("field", "region"));
        assertThatThrownBy(() -> AwsTarget.of(APPLIANCE, null, null, "AdministratorRole", null))
                .as("only a flotilla-* role can be passed").isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> AwsTarget.of(APPLIANCE, null, null, "flotilla-x\"}", null)).isInstanceOf(ServiceException.class);
        assertThatThrownBy(() -> AwsTarget.of(APPLIANCE, null, null, null, "*")).isInstanceOf(ServiceException.class);
    }

    private Map<String, Object> roundTrip(PolicyDocument document) throws IOException {
        return json.readValue(json.writeValueAsString(document), Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Map<String, Object> document) {
        return (List<Map<String, Object>>) document.get("Statement");
    }

    private static Map<String, Object> statementWith(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> strings(s.get("Action")).contains(action)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }
}
