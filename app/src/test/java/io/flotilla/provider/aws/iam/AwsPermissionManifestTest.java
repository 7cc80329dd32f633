package io.flotilla.provider.aws.iam;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifest's own rules: well-formed, nothing that reads data, every destructive call limited to tagged resources. */
class AwsPermissionManifestTest {
    private static final List<AwsPermission> ALL = AwsPermissionManifest.all();
    /** Actions that read customer data (or decrypt it). None may appear, whatever the resource. */
    private static final Set<String> DATA_READS = Set.of("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket",
            "s3:ListAllMyBuckets", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "rds-data:ExecuteStatement",
            "athena:GetQueryResults", "redshift-data:GetStatementResult", "kms:Decrypt", "glue:GetTable");
    private static final Pattern DESTRUCTIVE = Pattern.compile("[a-z0-9-]+:(Delete|Terminate|Revoke|Stop|Detach|Disassociate).*");
    private static final Pattern RENDERED_ARN = Pattern.compile("\\*|arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\\d{12})?:[^{}]+");
    private static final Set<String> ONLY_ON_ANY_RESOURCE = Set.of("sts:GetCallerIdentity", "ecr:GetAuthorizationToken",
            "pricing:GetProducts");

    @Test
    void everyActionIsServiceColonActionWithoutWildcards() {
        assertThat(ALL).isNotEmpty().allSatisfy(p -> assertThat(p.action()).as(p.action())
                .matches(AwsPermission.ACTION).doesNotContain("*"));
    }

    @Test
    void everyPermissionSaysWhy() {
        assertThat(ALL).allSatisfy(p -> assertThat(p.why()).as(p.action()).endsWith(".").hasSizeGreaterThan(20));
    }

    @Test
    void nothingReadsCustomerData() {
        assertThat(ALL.stream().filter(p -> !p.service().equals("s3"))).extracting(AwsPermission::action)
                .doesNotContainAnyElementsOf(DATA_READS);
        assertThat(ALL.stream().filter(p -> p.service().equals("s3")))
                .as("S3 only in Flotilla's own bucket; objects only under its wheel prefix")
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.resources()).allMatch(r -> r.equals("arn:{partition}:s3:::flotilla-*")
                        || r.equals("arn:{partition}:s3:::flotilla-*/wheels/*")))
                .filteredOn(p -> DATA_READS.contains(p.action()))
                .allSatisfy(p -> assertThat(p.resources()).containsExactly("arn:{partition}:s3:::flotilla-*/wheels/*"));
        assertThat(ALL.stream().filter(p -> p.action().equals("secretsmanager:GetSecretValue")))
                .as("secret values only under Flotilla's own prefix")
                .allSatisfy(p -> assertThat(p.resources()).allMatch(r -> r.matches("arn:\\{partition}:secretsmanager:.*:secret:flotilla/\\*")));
        assertThat(ALL.stream().filter(p -> p.service().equals("ssm") && p.name().startsWith("Get")))
                .as("SSM reads only AWS's public parameters, never the account's own")
                .allSatisfy(p -> assertThat(p.resources()).allMatch(r -> r.endsWith("::parameter/aws/service/*")));
        assertThat(ALL.stream().filter(p -> p.service().equals("ssm") && !p.name().startsWith("Get")))
                .as("SSM writes only image builds' own parameters (an index password), tagged")
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.resources()).allMatch(r -> r.endsWith(":parameter/flotilla/builds/*"));
                    assertThat(p.condition()).isIn(ConditionKind.REQUEST_TAGGED, ConditionKind.RESOURCE_TAGGED);
                });
    }

    @Test
    void iamActionsOnlyTouchFlotillaRoles() {
        assertThat(ALL.stream().filter(p -> p.service().equals("iam")))
                .allSatisfy(p -> assertThat(p.resources()).as(p.action()).allMatch(r ->
                        r.equals(AwsPermissionManifest.WORKER_ROLE_ARN)
                                || r.endsWith(":role/" + AwsPermissionManifest.ROLE_PREFIX + "*")
                                || r.endsWith(":instance-profile/" + AwsPermissionManifest.ROLE_PREFIX + "*")));
    }

    @Test
    void everyDestructiveActionIsLimitedToTaggedResources() {
        List<AwsPermission> destructive = ALL.stream().filter(p -> DESTRUCTIVE.matcher(p.action()).matches()).toList();
        assertThat(destructive).extracting(AwsPermission::action)
                .contains("ec2:TerminateInstances", "ec2:DeleteSecurityGroup", "ec2:DeleteLaunchTemplate", "ec2:DeleteFleets",
                        "ec2:RevokeSecurityGroupIngress");
        assertThat(destructive).allSatisfy(p -> assertThat(p.condition()).as(p.action()).isEqualTo(ConditionKind.RESOURCE_TAGGED));
        assertThat(ALL.stream().filter(p -> p.action().equals("ec2:AuthorizeSecurityGroupIngress")))
                .allSatisfy(p -> assertThat(p.condition()).isEqualTo(ConditionKind.RESOURCE_TAGGED));
    }

    @Test
    void creationsOnTheirOwnResourceTypeRequireTheOwnerTag() {
        assertThat(ALL.stream().filter(p -> p.name().startsWith("Create") && p.resources().stream().anyMatch(r ->
                r.endsWith(":" + p.name().substring("Create".length()).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + "/*"))))
                .as("e.g. CreateFleet on fleet/*, CreateSecurityGroup on security-group/*")
                .hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(p -> assertThat(p.condition()).as(p.action()).isEqualTo(ConditionKind.REQUEST_TAGGED));
        assertThat(ALL.stream().filter(p -> p.action().equals("ec2:CreateTags")))
                .allSatisfy(p -> assertThat(p.condition()).isEqualTo(ConditionKind.REQUEST_TAGGED));
    }

    @Test
    void onlyPassRoleOfTheWorkerRoleToEc2AndOfFlotillaRolesToCodeBuildIsAllowed() {
        assertThat(ALL.stream().filter(p -> p.condition() == ConditionKind.PASS_ROLE_WORKER))
                .isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.action()).isEqualTo("iam:PassRole");
                    assertThat(p.resources()).containsExactly(AwsPermissionManifest.WORKER_ROLE_ARN);
                });
        assertThat(ALL.stream().filter(p -> p.condition() == ConditionKind.PASS_ROLE_BUILD))
                .as("the image build's service role, to CodeBuild")
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.action()).isEqualTo("iam:PassRole");
                    assertThat(p.policy()).isEqualTo(PolicyKind.IMAGE_BUILDS);
                    assertThat(p.resources()).containsExactly("arn:{partition}:iam::{account}:role/" + AwsPermissionManifest.ROLE_PREFIX + "*");
                });
        assertThat(ALL.stream().filter(p -> p.action().equals("iam:PassRole")))
                .allSatisfy(p -> assertThat(p.condition()).isIn(ConditionKind.PASS_ROLE_WORKER, ConditionKind.PASS_ROLE_BUILD));
    }

    @Test
    void codeBuildOnlyTouchesFlotillasProjectAndStartsBuildsOnlyInATaggedOne() {
        assertThat(ALL.stream().filter(p -> p.service().equals("codebuild"))).extracting(AwsPermission::action)
                .containsExactlyInAnyOrder("codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:StartBuild",
                        "codebuild:BatchGetBuilds", "codebuild:ListBuildsForProject");
        assertThat(ALL.stream().filter(p -> p.service().equals("codebuild"))).allSatisfy(p -> assertThat(p.resources())
                .containsExactly("arn:{partition}:codebuild:{region}:{account}:project/" + AwsPermissionManifest.ROLE_PREFIX + "*"));
        assertThat(ALL.stream().filter(p -> p.action().equals("codebuild:StartBuild")))
                .allSatisfy(p -> assertThat(p.condition()).isEqualTo(ConditionKind.RESOURCE_TAGGED));
        assertThat(ALL.stream().filter(p -> p.action().equals("ecr:UntagResource") || p.action().equals("ecr:BatchDeleteImage")))
                .hasSize(2).allSatisfy(p -> assertThat(p.condition()).isEqualTo(ConditionKind.RESOURCE_TAGGED));
    }

    @Test
    void workerRoleOnlyWritesLogsAndPullsFlotillasImages() {
        assertThat(AwsPermissionManifest.of(PolicyKind.WORKER_ROLE)).extracting(AwsPermission::action)
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "ecr:GetAuthorizationToken",
                        "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability");
        assertThat(AwsPermissionManifest.of(PolicyKind.WORKER_ROLE).stream().filter(p -> p.service().equals("ecr")
                && !p.action().equals("ecr:GetAuthorizationToken")))
                .as("pulls only from flotilla/ repositories").allSatisfy(p -> assertThat(p.resources())
                        .containsExactly("arn:{partition}:ecr:{region}:{account}:repository/" + AwsPermissionManifest.REPOSITORY_PREFIX + "*"));
    }

    @Test
    void anyResourceOnlyWhereAwsCannotNarrowIt() {
        assertThat(ALL.stream().filter(p -> p.resources().contains("*")))
                .allSatisfy(p -> assertThat(p.name().startsWith("Describe") || ONLY_ON_ANY_RESOURCE.contains(p.action()))
                        .as(p.action() + " on *").isTrue());
    }

    @Test
    void everyTemplateRendersToAnArn() {
        AwsTarget target = AwsTarget.of("appliance-1", "123456789012", "eu-west-1", null, null);
        assertThat(ALL).allSatisfy(p -> assertThat(p.resources()).allSatisfy(r ->
                assertThat(target.render(r)).as(p.action() + " " + r).matches(RENDERED_ARN)));
    }

    @Test
    void noPermissionIsListedTwice() {
        Set<String> seen = new HashSet<>();
        assertThat(ALL).allSatisfy(p -> assertThat(seen.add(p.policy() + " " + p.action() + " " + p.resources()))
                .as("duplicate " + p.action()).isTrue());
    }

    @Nested
    class TheDocumentsHoldTheIssuesList {
        @Test
        void ongoing() {
            assertThat(AwsPermissionManifest.of(PolicyKind.ONGOING)).extracting(AwsPermission::action).contains(
                    "ec2:CreateFleet", "ec2:CreateLaunchTemplate", "ec2:DeleteLaunchTemplate", "ec2:RunInstances",
                    "ec2:CreateTags", "ec2:TerminateInstances", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:DescribeInstances", "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeImages",
                    "ec2:DescribeAvailabilityZones", "ec2:DescribeInstanceAttribute", "ssm:GetParameter", "ssm:GetParameters",
                    "sts:GetCallerIdentity", "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogStreams",
                    "logs:FilterLogEvents", "logs:GetLogEvents", "iam:PassRole", "ecr:PutImage", "ecr:BatchGetImage");
        }

        @Test
        void imageBuilds() {
            assertThat(AwsPermissionManifest.of(PolicyKind.IMAGE_BUILDS)).extracting(AwsPermission::action).contains(
                    "codebuild:CreateProject", "codebuild:StartBuild", "codebuild:BatchGetBuilds", "iam:PassRole",
                    "ssm:PutParameter", "ssm:DeleteParameter", "ecr:UntagResource");
        }

        @Test
        void setup() {
            assertThat(AwsPermissionManifest.of(PolicyKind.SETUP)).extracting(AwsPermission::action).contains(
                    "ec2:CreateVpc", "ec2:CreateSubnet", "ec2:CreateInternetGateway", "ec2:AttachInternetGateway",
                    "ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:AssociateRouteTable", "ec2:ModifySubnetAttribute",
                    "iam:CreateRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:PutRolePolicy");
        }
    }
}
