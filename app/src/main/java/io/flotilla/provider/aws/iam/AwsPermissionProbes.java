package io.flotilla.provider.aws.iam;

import io.flotilla.provider.aws.AwsProviderConfig;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.Map.entry;

/**
 * The harmless calls that try the ongoing policy, in the order they run (the SSM and subnet probes come first:
 * their answers feed the dry runs), and why the other actions of the policy are not tried.
 */
final class AwsPermissionProbes {
    static final String CHECK_NAME = AwsPermissionManifest.ROLE_PREFIX + "permission-check";
    private static final String PROBE_TYPE = "t3.micro";
    private static final String ABSENT_DIGEST = "sha256:" + "0".repeat(64);
    private static final Set<String> NONE = Set.of();
    private static final Set<String> NO_LOG_GROUP = Set.of("ResourceNotFoundException");
    private static final Set<String> NO_REPOSITORY = Set.of("RepositoryNotFoundException");
    private static final Set<String> NO_PROJECT = Set.of("ResourceNotFoundException");

    /** Actions of the ongoing policy no harmless call can try, and why; the rest fall back to {@link #reason}. */
    private static final Map<String, String> NOT_TRIED = Map.ofEntries(
            entry("ec2:CreateFleet", "A fleet may only use Flotilla's own launch templates, so trying it needs one;"
                    + " RunInstances, which an instant fleet launches with, is tried instead."),
            entry("ec2:CreateTags", "Allowed only inside a creating call (ec2:CreateAction); the tagged dry runs of RunInstances,"
                    + " CreateLaunchTemplate and CreateSecurityGroup include it."),
            entry("ec2:DescribeInstanceAttribute", "Needs an existing instance; DescribeInstances is tried instead."),
            entry("pricing:GetProducts", "The Price List API is called with the appliance's own credentials from its daily"
                    + " price refresh, which logs when it is refused; the shipped list prices are used meanwhile."),
            entry("logs:CreateLogGroup", "Would create a log group."),
            entry("ecr:CreateRepository", "Would create a repository."),
            entry("ecr:TagResource", "Allowed only while creating a repository."),
            entry("ecr:UploadLayerPart", "Needs an upload started in an existing repository."),
            entry("ecr:CompleteLayerUpload", "Needs an upload started in an existing repository."),
            entry("ecr:PutImage", "Needs an image manifest for an existing repository."),
            entry("ecr:GetDownloadUrlForLayer", "Needs a layer of an existing image; BatchGetImage is tried instead."),
            entry("codebuild:CreateProject", "Would create a project."),
            entry("iam:PassRole", "Has no call of its own: the RunInstances dry run names the account's worker instance profile"
                    + " when one is set, so a refused PassRole shows up there; passing the build role to CodeBuild happens"
                    + " only in CreateProject, which the check does not call."),
            entry("ssm:PutParameter", "Would create a parameter."),
            entry("ssm:AddTagsToResource", "Allowed only while creating a build's parameter."),
            entry("s3:CreateBucket", "Would create the package-sync wheel bucket."),
            entry("s3:PutBucketPublicAccessBlock", "Needs Flotilla's wheel bucket, created on the first wheel upload."),
            entry("s3:PutObject", "Would write a wheel into Flotilla's bucket."),
            entry("s3:GetObject", "Needs a wheel in Flotilla's bucket; it is checked on the first package-sync build."));

    private AwsPermissionProbes() {
    }

    /** Every probe, in the order to run them. */
    static List<PermissionProbe> all() {
        return List.of(
                probe("ssm:GetParameter", "GetParameter " + AwsProviderConfig.AL2023_X86_64_PARAMETER, NONE,
                        c -> c.imageId = c.ssm.getParameter(r -> r.name(AwsProviderConfig.AL2023_X86_64_PARAMETER))
                                .parameter().value()),
                probe("ssm:GetParameters", "GetParameters " + AwsProviderConfig.AL2023_X86_64_PARAMETER, NONE,
                        c -> c.ssm.getParameters(r -> r.names(AwsProviderConfig.AL2023_X86_64_PARAMETER))),
                probe("ec2:DescribeSubnets", "DescribeSubnets of the account's subnets (or any)", NONE, AwsPermissionProbes::findSubnet),
                probe("ec2:DescribeInstances", "DescribeInstances (dry run)", NONE, c -> c.ec2.describeInstances(r -> r.dryRun(true))),
                probe("ec2:DescribeInstanceTypes", "DescribeInstanceTypes (dry run)", NONE,
                        c -> c.ec2.describeInstanceTypes(r -> r.dryRun(true).instanceTypes(InstanceType.T3_MICRO))),
                probe("ec2:DescribeSpotPriceHistory", "DescribeSpotPriceHistory (dry run)", NONE,
                        c -> c.ec2.describeSpotPriceHistory(r -> r.dryRun(true).instanceTypes(InstanceType.T3_MICRO))),
                probe("ec2:DescribeLaunchTemplates", "DescribeLaunchTemplates (dry run)", NONE,
                        c -> c.ec2.describeLaunchTemplates(r -> r.dryRun(true))),
                probe("ec2:DescribeSecurityGroups", "DescribeSecurityGroups (dry run)", NONE,
                        c -> c.ec2.describeSecurityGroups(r -> r.dryRun(true))),
                probe("ec2:DescribeImages", "DescribeImages of the public image (dry run)", NONE,
                        c -> c.ec2.describeImages(r -> r.dryRun(true).imageIds(c.requireImage()))),
                probe("ec2:DescribeAvailabilityZones", "DescribeAvailabilityZones (dry run)", NONE,
                        c -> c.ec2.describeAvailabilityZones(r -> r.dryRun(true))),
                probe("ec2:CreateLaunchTemplate", "CreateLaunchTemplate " + CHECK_NAME + " with the owner tag (dry run)", NONE,
                        c -> c.ec2.createLaunchTemplate(r -> r.dryRun(true).launchTemplateName(CHECK_NAME)
                                .launchTemplateData(d -> d.instanceType(PROBE_TYPE))
                                .tagSpecifications(owned(c, ResourceType.LAUNCH_TEMPLATE)))),
                probe("ec2:RunInstances", "RunInstances of one " + PROBE_TYPE + " with the owner tag (dry run)", NONE,
                        AwsPermissionProbes::runInstances),
                probe("ec2:CreateSecurityGroup", "CreateSecurityGroup " + CHECK_NAME + " with the owner tag (dry run)", NONE,
                        c -> c.ec2.createSecurityGroup(r -> r.dryRun(true).groupName(CHECK_NAME).vpcId(c.vpcId)
                                .description("Flotilla permission check (dry run, never created)")
                                .tagSpecifications(owned(c, ResourceType.SECURITY_GROUP)))),
                probe("logs:DescribeLogStreams", "DescribeLogStreams of an absent /flotilla/ group", NO_LOG_GROUP,
                        c -> c.logs.describeLogStreams(r -> r.logGroupName(c.absentLogGroup))),
                probe("logs:FilterLogEvents", "FilterLogEvents of an absent /flotilla/ group", NO_LOG_GROUP,
                        c -> c.logs.filterLogEvents(r -> r.logGroupName(c.absentLogGroup).limit(1))),
                probe("logs:GetLogEvents", "GetLogEvents of an absent /flotilla/ group", NO_LOG_GROUP,
                        c -> c.logs.getLogEvents(r -> r.logGroupName(c.absentLogGroup).logStreamName(CHECK_NAME).limit(1))),
                probe("logs:PutRetentionPolicy", "PutRetentionPolicy of an absent /flotilla/ group", NO_LOG_GROUP,
                        c -> c.logs.putRetentionPolicy(r -> r.logGroupName(c.absentLogGroup).retentionInDays(30))),
                probe("ecr:GetAuthorizationToken", "GetAuthorizationToken", NONE, c -> c.ecr.getAuthorizationToken(r -> { })),
                probe("ecr:DescribeRepositories", "DescribeRepositories of an absent flotilla/ repository", NO_REPOSITORY,
                        c -> c.ecr.describeRepositories(r -> r.repositoryNames(c.absentRepository))),
                probe("ecr:DescribeImages", "DescribeImages of an absent flotilla/ repository", NO_REPOSITORY,
                        c -> c.ecr.describeImages(r -> r.repositoryName(c.absentRepository))),
                probe("ecr:BatchCheckLayerAvailability", "BatchCheckLayerAvailability in an absent flotilla/ repository",
                        NO_REPOSITORY, c -> c.ecr.batchCheckLayerAvailability(r -> r.repositoryName(c.absentRepository)
                                .layerDigests(ABSENT_DIGEST))),
                probe("ecr:BatchGetImage", "BatchGetImage from an absent flotilla/ repository", NO_REPOSITORY,
                        c -> c.ecr.batchGetImage(r -> r.repositoryName(c.absentRepository)
                                .imageIds(ImageIdentifier.builder().imageTag("latest").build()))),
                probe("ecr:InitiateLayerUpload", "InitiateLayerUpload to an absent flotilla/ repository", NO_REPOSITORY,
                        c -> c.ecr.initiateLayerUpload(r -> r.repositoryName(c.absentRepository))),
                probe("ecr:ListTagsForResource", "ListTagsForResource of an absent flotilla/ repository", NO_REPOSITORY,
                        c -> c.ecr.listTagsForResource(r -> r.resourceArn(repositoryArn(c)))),
                probe("codebuild:BatchGetProjects", "BatchGetProjects of an absent flotilla- project", NONE,
                        c -> c.codebuild.batchGetProjects(r -> r.names(c.absentProject))),
                probe("codebuild:ListBuildsForProject", "ListBuildsForProject of an absent flotilla- project", NO_PROJECT,
                        c -> c.codebuild.listBuildsForProject(r -> r.projectName(c.absentProject))),
                probe("codebuild:BatchGetBuilds", "BatchGetBuilds of an absent build of an absent flotilla- project", NONE,
                        c -> c.codebuild.batchGetBuilds(r -> r.ids(c.absentProject + ":" + UUID.randomUUID()))));
    }

    /** Why an action of the ongoing policy that has no probe is not tried. */
    static String reason(AwsPermission permission) {
        String known = NOT_TRIED.get(permission.action());
        if (known != null) {
            return known;
        }
        if (permission.condition() == ConditionKind.RESOURCE_TAGGED) {
            return "Allowed only on resources tagged " + AwsPermissionManifest.OWNER_TAG
                    + "; trying it needs such a resource, and the check creates none.";
        }
        return "No call tries it without changing something.";
    }

    private static void findSubnet(ProbeContext c) {
        List<String> ids = c.account.subnetIds();
        List<Subnet> subnets = c.ec2.describeSubnets(r -> {
            if (!ids.isEmpty()) {
                r.subnetIds(ids.get(0));
            }
        }).subnets();
        if (!subnets.isEmpty()) {
            c.subnetId = subnets.get(0).subnetId();
            c.vpcId = subnets.get(0).vpcId();
        }
    }

    private static void runInstances(ProbeContext c) {
        String image = c.requireImage();
        String profile = c.account.instanceProfileArn();
        c.ec2.runInstances(r -> {
            r.dryRun(true).imageId(image).instanceType(PROBE_TYPE).minCount(1).maxCount(1).subnetId(c.subnetId)
                    .tagSpecifications(owned(c, ResourceType.INSTANCE), owned(c, ResourceType.VOLUME));
            if (profile != null) {
                r.iamInstanceProfile(p -> p.arn(profile));
            }
        });
    }

    /** The ARN of the absent repository; the account id comes from STS when it is not known (ECR wants a full ARN). */
    private static String repositoryArn(ProbeContext c) {
        String region = c.account.region();
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":ecr:" + region + ":" + c.accountId() + ":repository/" + c.absentRepository;
    }

    private static TagSpecification owned(ProbeContext c, ResourceType type) {
        return TagSpecification.builder().resourceType(type)
                .tags(Tag.builder().key(AwsPermissionManifest.OWNER_TAG).value(c.applianceId).build()).build();
    }

    private static PermissionProbe probe(String action, String call, Set<String> notFound, PermissionProbe.Call run) {
        return new PermissionProbe(action, call, notFound, run);
    }
}
