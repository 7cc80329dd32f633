package io.flotilla.provider.aws.iam;

import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsCredentialSources;
import io.flotilla.provider.aws.MotoIam;
import io.flotilla.provider.aws.MotoIam.CrossAccount;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.RecordingInterceptor;
import io.flotilla.provider.account.ValidationReport;
import io.flotilla.provider.account.ValidationReport.Check;
import io.flotilla.provider.account.ValidationReport.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cross-account role and the permission check against moto with IAM authorisation on: the appliance's own
 * user assumes the account's role with the external id, and the role's policy decides what the check finds.
 */
class AwsPermissionValidatorTest {
    @RegisterExtension
    static final MotoServer MOTO = MotoServer.withIamAuth();
    static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    static final String APPLIANCE = "appliance-" + UUID.randomUUID();
    static final String ROLE = "flotilla-appliance";
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    /**
     * The role's policies (ongoing and image builds, both attached in a real account) as IamPolicyDocuments renders
     * them for moto's account and region, in one document, on "*" for moto.
     */
    static final PolicyDocument ONGOING = MotoIam.onAnyResource(new PolicyDocument(java.util.stream.Stream.concat(
            IamPolicyDocuments.ongoing(AwsTarget.of(APPLIANCE, MotoIam.ACCOUNT, MotoServer.REGION, null, null)).statement().stream(),
            IamPolicyDocuments.imageBuilds(AwsTarget.of(APPLIANCE, MotoIam.ACCOUNT, MotoServer.REGION, null, null)).statement().stream())
            .toList()));

    @AfterAll
    static void writeOperations() {
        RECORDER.flush();
    }

    @Test
    void assumesTheRoleWithTheRightExternalIdAndIsRefusedWithAWrongOne() {
        CrossAccount setup = MOTO.iam().crossAccount(ROLE, "ext-" + UUID.randomUUID(), ONGOING);
        MOTO.iam().authOn();

        AwsClients clients = MOTO.clients(setup.appliance().credentials(), RECORDER);
        AwsCredentialSources sources = new AwsCredentialSources(clients);
        AwsCredentialsProvider right = sources.assumeRole(setup.role().arn(), setup.externalId(), MotoServer.REGION);
        assertThat(clients.sts(MotoServer.REGION, right).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::" + MotoIam.ACCOUNT + ":assumed-role/" + ROLE + "/" + AwsCredentialSources.SESSION_NAME);

        AwsCredentialsProvider wrong = sources.assumeRole(setup.role().arn(), "not-the-external-id", MotoServer.REGION);
        // moto wraps its authorisation errors in <Errors>, which the SDK's STS parser does not read: no error
        // code here, only the status (real STS answers AccessDenied, which the validator reads too).
        assertThatThrownBy(() -> clients.sts(MotoServer.REGION, wrong).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void aRefusedAssumeRoleBecomesAClearSentenceNamingTheRoleAndTheExternalId() {
        CrossAccount setup = MOTO.iam().crossAccount(ROLE, "ext-" + UUID.randomUUID(), ONGOING);
        MOTO.iam().authOn();

        ValidationReport report = validator(setup).validate(account(setup, "a-guessed-external-id"));

        assertThat(report.ok()).isFalse();
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(report.identityArn()).isNull();
        assertThat(report.error()).startsWith("Could not assume role " + setup.role().arn() + ": AWS refused sts:AssumeRole.")
                .contains("external id").doesNotContain("Exception").doesNotContain("\n").doesNotContain("a-guessed-external-id");
        assertThat(report.checks()).isEmpty();
        assertThat(report.missing()).isEmpty();
    }

    @Test
    void theFullOngoingPolicyValidates() {
        CrossAccount setup = MOTO.iam().crossAccount(ROLE, "ext-" + UUID.randomUUID(), ONGOING);
        MOTO.iam().authOn();

        ValidationReport report = validator(setup).validate(account(setup, setup.externalId()));

        assertThat(report.checks()).as("checks").allSatisfy(check ->
                assertThat(check.outcome()).as(check.action() + ": " + check.detail()).isEqualTo(Outcome.ALLOWED));
        assertThat(report.ok()).isTrue();
        assertThat(report.error()).isNull();
        assertThat(report.missing()).isEmpty();
        assertThat(report.accountId()).isEqualTo(MotoIam.ACCOUNT);
        assertThat(report.identityArn()).endsWith(":assumed-role/" + ROLE + "/" + AwsCredentialSources.SESSION_NAME);
        assertThat(report.checks()).extracting(Check::action)
                .startsWith("sts:GetCallerIdentity").contains("ec2:RunInstances", "ec2:CreateLaunchTemplate",
                        "logs:FilterLogEvents", "ssm:GetParameter", "ecr:DescribeRepositories", "ecr:ListTagsForResource",
                        "codebuild:BatchGetProjects", "codebuild:ListBuildsForProject", "codebuild:BatchGetBuilds");
        assertThat(report.untested()).extracting(ValidationReport.Untested::action)
                .contains("iam:PassRole", "ec2:CreateFleet", "ec2:TerminateInstances");
    }

    @Test
    void aPolicyWithoutRunInstancesIsReportedMissingExactlyThat() {
        CrossAccount setup = MOTO.iam().crossAccount(ROLE, "ext-" + UUID.randomUUID(),
                MotoIam.without(ONGOING, "ec2:RunInstances"));
        MOTO.iam().authOn();

        ValidationReport report = validator(setup).validate(account(setup, setup.externalId()));

        assertThat(report.ok()).isFalse();
        assertThat(report.missing()).containsExactly("ec2:RunInstances");
        assertThat(report.checks()).filteredOn(c -> c.action().equals("ec2:RunInstances")).singleElement()
                .satisfies(check -> assertThat(check.detail()).contains("refused").contains("ec2:RunInstances"));
        assertThat(report.checks()).filteredOn(c -> !c.action().equals("ec2:RunInstances"))
                .allSatisfy(check -> assertThat(check.ok()).as(check.action() + ": " + check.detail()).isTrue());
    }

    @Test
    void aPolicyWithoutLogReadsIsReportedMissingThoseActions() {
        PolicyDocument policy = MotoIam.without(MotoIam.without(ONGOING, "logs:FilterLogEvents"), "logs:GetLogEvents");
        CrossAccount setup = MOTO.iam().crossAccount(ROLE, "ext-" + UUID.randomUUID(), policy);
        MOTO.iam().authOn();

        ValidationReport report = validator(setup).validate(account(setup, setup.externalId()));

        assertThat(report.missing()).containsExactly("logs:FilterLogEvents", "logs:GetLogEvents");
    }

    private static AwsPermissionValidator validator(CrossAccount setup) {
        return new AwsPermissionValidator(clients(setup), () -> APPLIANCE, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static AwsClients clients(CrossAccount setup) {
        return MOTO.clients(setup.appliance().credentials(), RECORDER);
    }

    private static AwsAccountContext account(CrossAccount setup, String externalId) {
        AwsCredentialsProvider credentials = new AwsCredentialSources(clients(setup))
                .assumeRole(setup.role().arn(), externalId, MotoServer.REGION);
        return new AwsAccountContext("account-1", "test account", MotoServer.REGION, credentials, List.of(), List.of(),
                null, 30);
    }
}
