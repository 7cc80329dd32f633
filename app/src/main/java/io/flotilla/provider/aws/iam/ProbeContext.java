package io.flotilla.provider.aws.iam;

import io.flotilla.provider.aws.AwsAccountContext;
import io.flotilla.provider.aws.AwsClients;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.UUID;

/**
 * The clients of one validation run, the names of resources that cannot exist (random, under Flotilla's
 * prefixes), and what earlier probes found: the public image id, a subnet and its VPC.
 */
final class ProbeContext {
    final AwsAccountContext account;
    final String applianceId;
    final Ec2Client ec2;
    final SsmClient ssm;
    final CloudWatchLogsClient logs;
    final EcrClient ecr;
    final CodeBuildClient codebuild;
    /** A log group under {@code /flotilla/} that nobody created. */
    final String absentLogGroup;
    /** An ECR repository under {@code flotilla/} that nobody created. */
    final String absentRepository;
    /** A CodeBuild project under {@code flotilla-} that nobody created. */
    final String absentProject;
    /** The account's id, from the identity check that runs before the probes. */
    @Nullable
    String accountId;
    @Nullable
    String imageId;
    @Nullable
    String subnetId;
    @Nullable
    String vpcId;

    ProbeContext(AwsAccountContext account, String applianceId, AwsClients clients) {
        this.account = account;
        this.applianceId = applianceId;
        this.ec2 = clients.ec2(account.region(), account.credentials());
        this.ssm = clients.ssm(account.region(), account.credentials());
        this.logs = clients.logs(account.region(), account.credentials());
        this.ecr = clients.ecr(account.region(), account.credentials());
        this.codebuild = clients.codebuild(account.region(), account.credentials());
        String random = UUID.randomUUID().toString();
        this.absentLogGroup = AwsPermissionManifest.LOG_GROUP_PREFIX + "permission-check/" + random;
        this.absentRepository = AwsPermissionManifest.REPOSITORY_PREFIX + "permission-check-" + random;
        this.absentProject = AwsPermissionManifest.ROLE_PREFIX + "permission-check-" + random;
    }

    /** The account id found by the identity check, or {@link PermissionProbe.CannotTry}. */
    String accountId() {
        if (accountId == null) {
            throw new PermissionProbe.CannotTry("no account id: STS did not say which account this is");
        }
        return accountId;
    }

    /** The image id found by the SSM probe, or {@link PermissionProbe.CannotTry}. */
    String requireImage() {
        if (imageId == null) {
            throw new PermissionProbe.CannotTry("no image id: AWS's public AMI parameter could not be read");
        }
        return imageId;
    }
}
