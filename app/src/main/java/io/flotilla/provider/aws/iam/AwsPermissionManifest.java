package io.flotilla.provider.aws.iam;

import io.flotilla.provider.ResourceTags;

import java.util.List;

import static io.flotilla.provider.aws.iam.ConditionKind.NONE;
import static io.flotilla.provider.aws.iam.ConditionKind.PASS_ROLE_BUILD;
import static io.flotilla.provider.aws.iam.ConditionKind.PASS_ROLE_WORKER;
import static io.flotilla.provider.aws.iam.ConditionKind.REQUEST_TAGGED;
import static io.flotilla.provider.aws.iam.ConditionKind.RESOURCE_TAGGED;
import static io.flotilla.provider.aws.iam.PolicyKind.IMAGE_BUILDS;
import static io.flotilla.provider.aws.iam.PolicyKind.ONGOING;
import static io.flotilla.provider.aws.iam.PolicyKind.SETUP;
import static io.flotilla.provider.aws.iam.PolicyKind.WORKER_ROLE;

/**
 * Every AWS action Flotilla uses, in one list. The setup, ongoing, image-build and worker-role policies are generated from
 * it ({@link IamPolicyDocuments}); a test checks that every operation the AWS provider's tests performed is
 * here. Add an action here in the same change that makes the code call it, with a sentence saying why.
 *
 * <p>Deliberately absent: any read of customer data (S3 only in Flotilla's own {@value #BUCKET_PREFIX}* bucket, no
 * Secrets Manager values, no database access), wildcards, and every {@code iam:} action outside the
 * {@value #ROLE_PREFIX}* roles.
 */
public final class AwsPermissionManifest {
    /** The tag that proves Flotilla created a resource; its value is the appliance id. */
    public static final String OWNER_TAG = ResourceTags.APPLIANCE;
    /** CloudWatch Logs groups Flotilla creates and reads start with this. */
    public static final String LOG_GROUP_PREFIX = "/flotilla/";
    /** ECR repositories for software environments start with this. */
    public static final String REPOSITORY_PREFIX = "flotilla/";
    /** SSM parameters Flotilla writes (a build's private index password) start with this. */
    public static final String PARAMETER_PREFIX = "/flotilla/";
    /** Flotilla's own S3 bucket (package-sync wheels) is named with this prefix. */
    public static final String BUCKET_PREFIX = "flotilla-";
    /** Where in that bucket the package-sync wheels are. */
    public static final String WHEEL_KEY_PREFIX = "wheels/";
    /** IAM roles and instance profiles Flotilla creates start with this (the worker role among them). */
    public static final String ROLE_PREFIX = "flotilla-";

    private static final String EC2 = "arn:{partition}:ec2:{region}:{account}:";
    private static final String AMI = "arn:{partition}:ec2:{region}::image/*";
    private static final String LOG_GROUPS = "arn:{partition}:logs:{region}:{account}:log-group:" + LOG_GROUP_PREFIX + "*";
    private static final String REPOSITORIES = "arn:{partition}:ecr:{region}:{account}:repository/" + REPOSITORY_PREFIX + "*";
    private static final String PROJECTS = "arn:{partition}:codebuild:{region}:{account}:project/" + ROLE_PREFIX + "*";
    private static final String PARAMETERS = "arn:{partition}:ssm:{region}:{account}:parameter" + PARAMETER_PREFIX + "builds/*";
    private static final String BUCKET = "arn:{partition}:s3:::" + BUCKET_PREFIX + "*";
    private static final String WHEELS = BUCKET + "/" + WHEEL_KEY_PREFIX + "*";
    private static final String ROLES = "arn:{partition}:iam::{account}:role/" + ROLE_PREFIX + "*";
    private static final String PROFILES = "arn:{partition}:iam::{account}:instance-profile/" + ROLE_PREFIX + "*";
    /** The worker role itself: the only role Flotilla may pass. */
    public static final String WORKER_ROLE_ARN = "arn:{partition}:iam::{account}:role/{workerRole}";
    private static final List<String> ANY = List.of("*");

    private static final List<AwsPermission> PERMISSIONS = List.of(
            // ---- ongoing: looking around (EC2 Describe* calls cannot be narrowed to resources) ----
            p("ec2:DescribeInstances", ONGOING, NONE, ANY, "Lists the appliance's instances by tag to reconcile clusters and find orphans."),
            p("ec2:DescribeInstanceTypes", ONGOING, NONE, ANY, "Maps requested CPU, memory and GPU to instance types and their architecture."),
            p("ec2:DescribeSpotPriceHistory", ONGOING, NONE, ANY, "Reads the current spot prices of the instance types clusters run on, for cost estimates."),
            p("pricing:GetProducts", ONGOING, NONE, ANY, "Reads EC2 on-demand list prices from the AWS Price List API once a day, for cost estimates."),
            p("ec2:DescribeLaunchTemplates", ONGOING, NONE, ANY, "Finds a cluster's launch template again when a step is resumed after a restart."),
            p("ec2:DescribeSubnets", ONGOING, NONE, ANY, "Chooses subnets and zones for fleets and finds the VPC for a cluster's security groups."),
            p("ec2:DescribeSecurityGroups", ONGOING, NONE, ANY, "Finds a cluster's security groups again when a step is resumed and before deleting them."),
            p("ec2:DescribeVpcs", ONGOING, NONE, ANY,
                    "Finds the VPC a cluster's security group goes in (the default VPC without subnets) and its CIDRs, the"
                            + " addresses allowed to the scheduler when the account names none."),
            p("ec2:DescribeFleets", ONGOING, NONE, ANY,
                    "Finds a cluster's fleet records (DescribeFleets has no tag filter) to delete them once its instances are gone."),
            p("ec2:DescribeImages", ONGOING, NONE, ANY, "Checks that the worker image (AMI) exists and reads its architecture."),
            p("ec2:DescribeAvailabilityZones", ONGOING, NONE, ANY, "Lists the region's zones to spread a fleet over them."),
            p("ec2:DescribeInstanceAttribute", ONGOING, NONE, ANY, "Checks that a launched VM terminates itself (not just stops) when it shuts down."),
            p("sts:GetCallerIdentity", ONGOING, NONE, ANY, "Confirms which account the assumed role belongs to before anything is created there."),
            p("ssm:GetParameter", ONGOING, NONE, List.of("arn:{partition}:ssm:{region}::parameter/aws/service/*"),
                    "Resolves AWS's public parameters for the current base AMI; no parameter of the account is readable."),
            p("ssm:GetParameters", ONGOING, NONE, List.of("arn:{partition}:ssm:{region}::parameter/aws/service/*"),
                    "Resolves several public AMI parameters (e.g. x86_64 and arm64) in one call."),
            // ---- ongoing: creating clusters, always tagged at creation ----
            p("ec2:CreateLaunchTemplate", ONGOING, REQUEST_TAGGED, List.of(EC2 + "launch-template/*"),
                    "Each cluster's instances are described by a launch template, which CreateFleet requires."),
            p("ec2:CreateLaunchTemplateVersion", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "launch-template/*"),
                    "Adds a version with one instance's data (image, user data) to the cluster's own launch template."),
            p("ec2:CreateFleet", ONGOING, REQUEST_TAGGED, List.of(EC2 + "fleet/*"),
                    "Starts schedulers and workers as instant fleets: several instance types and zones, spot with on-demand fallback."),
            p("ec2:CreateFleet", ONGOING, REQUEST_TAGGED, List.of(EC2 + "instance/*"),
                    "The instances a fleet launches must carry the appliance tag from the start."),
            p("ec2:RunInstances", ONGOING, REQUEST_TAGGED, List.of(EC2 + "instance/*"),
                    "An instant fleet launches its instances with the caller's RunInstances permission; they must be tagged."),
            p("ec2:CreateFleet", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "launch-template/*"),
                    "A fleet may only use Flotilla's own launch templates."),
            p("ec2:RunInstances", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "launch-template/*"),
                    "Instances may only be launched from Flotilla's own launch templates."),
            p("ec2:CreateFleet", ONGOING, NONE, List.of(EC2 + "subnet/*", EC2 + "security-group/*", EC2 + "volume/*",
                            EC2 + "network-interface/*", EC2 + "spot-instances-request/*", AMI),
                    "The subnet, security groups (possibly the customer's own) and image a fleet uses, and the disks,"
                            + " interfaces and spot requests created with its tagged instances."),
            p("ec2:RunInstances", ONGOING, NONE, List.of(EC2 + "subnet/*", EC2 + "security-group/*", EC2 + "volume/*",
                            EC2 + "network-interface/*", EC2 + "spot-instances-request/*", AMI),
                    "The subnet, security groups and image an instance uses, and the disks, interfaces and spot requests"
                            + " created with it."),
            p("ec2:CreateSecurityGroup", ONGOING, REQUEST_TAGGED, List.of(EC2 + "security-group/*"),
                    "Each cluster gets a security group (traffic inside the cluster, scheduler ports from allowed addresses)."),
            p("ec2:CreateSecurityGroup", ONGOING, NONE, List.of(EC2 + "vpc/*"),
                    "The VPC the cluster's security group is created in."),
            p("ec2:CreateTags", ONGOING, REQUEST_TAGGED, List.of(EC2 + "instance/*", EC2 + "volume/*", EC2 + "network-interface/*",
                            EC2 + "fleet/*", EC2 + "launch-template/*", EC2 + "security-group/*", EC2 + "spot-instances-request/*"),
                    "Tags are written as part of the creating call only, never added to existing resources."),
            // ---- ongoing: changing and removing, only what carries the appliance tag ----
            p("ec2:AuthorizeSecurityGroupIngress", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "security-group/*"),
                    "Opens the scheduler and dashboard ports of a cluster's own security group to the allowed addresses."),
            p("ec2:RevokeSecurityGroupIngress", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "security-group/*"),
                    "Closes a rule of a cluster's own security group when its allowed addresses change."),
            p("ec2:DeleteSecurityGroup", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "security-group/*"),
                    "Removes a stopped cluster's security group."),
            p("ec2:TerminateInstances", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "instance/*"),
                    "Stops clusters, scales down, retires lost workers and sweeps orphans."),
            p("ec2:DeleteLaunchTemplate", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "launch-template/*"),
                    "Removes a stopped cluster's launch template."),
            p("ec2:DeleteFleets", ONGOING, RESOURCE_TAGGED, List.of(EC2 + "fleet/*"),
                    "Removes the fleet records of a stopped cluster."),
            p("iam:PassRole", ONGOING, PASS_ROLE_WORKER, List.of(WORKER_ROLE_ARN),
                    "Instances run as the worker role (log writes only); no other role can be handed to EC2."),
            // ---- ongoing: logs ----
            p("logs:CreateLogGroup", ONGOING, NONE, List.of(LOG_GROUPS), "Creates the log group the clusters write to."),
            p("logs:PutRetentionPolicy", ONGOING, NONE, List.of(LOG_GROUPS), "Keeps cluster logs for a limited time (30 days by default)."),
            p("logs:DescribeLogStreams", ONGOING, NONE, List.of(LOG_GROUPS), "Lists a cluster's log streams (one per instance)."),
            p("logs:FilterLogEvents", ONGOING, NONE, List.of(LOG_GROUPS), "Answers log queries with a time range and a text filter."),
            p("logs:GetLogEvents", ONGOING, NONE, List.of(LOG_GROUPS), "Reads one instance's log stream, e.g. to show why it failed to start."),
            // ---- ongoing: software environment images ----
            p("ecr:GetAuthorizationToken", ONGOING, NONE, ANY, "Logs in to the registry; this call cannot be narrowed to repositories."),
            p("ecr:CreateRepository", ONGOING, REQUEST_TAGGED, List.of(REPOSITORIES), "Creates a repository for software environment images."),
            p("ecr:TagResource", ONGOING, REQUEST_TAGGED, List.of(REPOSITORIES),
                    "Tags a repository while creating it, and records which CodeBuild build serves a running image build"
                            + " (a flotilla:build:<id> tag, sent with the owner tag), so a resumed build finds it."),
            p("ecr:ListTagsForResource", IMAGE_BUILDS, NONE, List.of(REPOSITORIES),
                    "Finds the CodeBuild build of an image build resumed after a restart (the repository's build tag)."),
            p("ecr:UntagResource", IMAGE_BUILDS, RESOURCE_TAGGED, List.of(REPOSITORIES),
                    "Removes a finished image build's flotilla:build:<id> tag from Flotilla's own repository."),
            p("ecr:BatchDeleteImage", IMAGE_BUILDS, RESOURCE_TAGGED, List.of(REPOSITORIES),
                    "Deletes a deleted software environment's image from Flotilla's own repository."),
            p("ecr:DescribeRepositories", ONGOING, NONE, List.of(REPOSITORIES), "Checks whether an environment's repository exists."),
            p("ecr:DescribeImages", ONGOING, NONE, List.of(REPOSITORIES), "Checks whether an environment's image was already built (identical specs build once)."),
            p("ecr:BatchCheckLayerAvailability", ONGOING, NONE, List.of(REPOSITORIES), "Skips uploading image layers that are already there."),
            p("ecr:InitiateLayerUpload", ONGOING, NONE, List.of(REPOSITORIES), "Uploads an environment image layer (start)."),
            p("ecr:UploadLayerPart", ONGOING, NONE, List.of(REPOSITORIES), "Uploads an environment image layer (parts)."),
            p("ecr:CompleteLayerUpload", ONGOING, NONE, List.of(REPOSITORIES), "Uploads an environment image layer (finish)."),
            p("ecr:PutImage", ONGOING, NONE, List.of(REPOSITORIES), "Publishes an environment image's manifest."),
            p("ecr:GetDownloadUrlForLayer", ONGOING, NONE, List.of(REPOSITORIES), "Pulls an environment image layer (base for a rebuild)."),
            p("ecr:BatchGetImage", ONGOING, NONE, List.of(REPOSITORIES), "Pulls an environment image manifest."),
            // ---- image builds (a document of its own, attached beside the ongoing one): CodeBuild ----
            p("codebuild:BatchGetProjects", IMAGE_BUILDS, NONE, List.of(PROJECTS), "Finds the account's image build project, created once."),
            p("codebuild:CreateProject", IMAGE_BUILDS, REQUEST_TAGGED, List.of(PROJECTS),
                    "Creates the image build project (no source, no artifacts) once per account, tagged at creation."),
            p("iam:PassRole", IMAGE_BUILDS, PASS_ROLE_BUILD, List.of(ROLES),
                    "The build project runs as the CodeBuild service role (a flotilla- role created by Terraform); it can"
                            + " be handed to CodeBuild only."),
            p("codebuild:StartBuild", IMAGE_BUILDS, RESOURCE_TAGGED, List.of(PROJECTS),
                    "Starts an image build with its generated buildspec, only in Flotilla's own project."),
            p("codebuild:BatchGetBuilds", IMAGE_BUILDS, NONE, List.of(PROJECTS), "Follows an image build until it is over, and reads where its log is."),
            p("codebuild:ListBuildsForProject", IMAGE_BUILDS, NONE, List.of(PROJECTS),
                    "Finds the CodeBuild build of an image build resumed after a restart."),
            p("ssm:PutParameter", IMAGE_BUILDS, REQUEST_TAGGED, List.of(PARAMETERS),
                    "Hands a private package index's password to one image build as a tagged SecureString, read by CodeBuild"
                            + " itself, so it is never in the buildspec or the log."),
            p("ssm:AddTagsToResource", IMAGE_BUILDS, REQUEST_TAGGED, List.of(PARAMETERS), "Needed to tag that parameter while creating it."),
            p("ssm:DeleteParameter", IMAGE_BUILDS, RESOURCE_TAGGED, List.of(PARAMETERS), "Removes a build's index password when the build is over."),
            // ---- ongoing: package-sync wheels in Flotilla's own bucket (never any other bucket) ----
            p("s3:CreateBucket", ONGOING, NONE, List.of(BUCKET), "Creates Flotilla's wheel bucket on the first package-sync upload."),
            p("s3:PutBucketPublicAccessBlock", ONGOING, NONE, List.of(BUCKET),
                    "Blocks every kind of public access to Flotilla's wheel bucket when it is created."),
            p("s3:PutObject", ONGOING, NONE, List.of(WHEELS), "Stores a wheel of a user's local package uploaded for package sync."),
            p("s3:GetObject", ONGOING, NONE, List.of(WHEELS),
                    "Reads a stored wheel, and signs the short-lived links builders and instances download wheels with."),

            // ---- setup: the network and the worker role, created once ----
            p("ec2:DescribeVpcs", SETUP, NONE, ANY, "Finds a network Flotilla created before, so setup can run again safely."),
            p("ec2:DescribeSubnets", SETUP, NONE, ANY, "Finds the subnets Flotilla created before."),
            p("ec2:DescribeInternetGateways", SETUP, NONE, ANY, "Finds the internet gateway Flotilla created before."),
            p("ec2:DescribeRouteTables", SETUP, NONE, ANY, "Finds the route table Flotilla created before."),
            p("ec2:DescribeAvailabilityZones", SETUP, NONE, ANY, "Creates one public subnet per zone."),
            p("ec2:CreateVpc", SETUP, REQUEST_TAGGED, List.of(EC2 + "vpc/*"), "Creates Flotilla's VPC."),
            p("ec2:CreateInternetGateway", SETUP, REQUEST_TAGGED, List.of(EC2 + "internet-gateway/*"), "Gives the VPC a way out to the internet."),
            p("ec2:CreateSubnet", SETUP, REQUEST_TAGGED, List.of(EC2 + "subnet/*"), "Creates a public subnet per zone."),
            p("ec2:CreateSubnet", SETUP, RESOURCE_TAGGED, List.of(EC2 + "vpc/*"), "Subnets are created only in Flotilla's own VPC."),
            p("ec2:CreateRouteTable", SETUP, REQUEST_TAGGED, List.of(EC2 + "route-table/*"), "Creates the route table of the public subnets."),
            p("ec2:CreateRouteTable", SETUP, RESOURCE_TAGGED, List.of(EC2 + "vpc/*"), "Route tables are created only in Flotilla's own VPC."),
            p("ec2:CreateTags", SETUP, REQUEST_TAGGED, List.of(EC2 + "vpc/*", EC2 + "subnet/*", EC2 + "internet-gateway/*", EC2 + "route-table/*"),
                    "Tags the network pieces as part of the creating call only."),
            p("ec2:AttachInternetGateway", SETUP, RESOURCE_TAGGED, List.of(EC2 + "internet-gateway/*", EC2 + "vpc/*"),
                    "Attaches Flotilla's gateway to Flotilla's VPC."),
            p("ec2:CreateRoute", SETUP, RESOURCE_TAGGED, List.of(EC2 + "route-table/*"), "Adds the default route to the internet gateway."),
            p("ec2:AssociateRouteTable", SETUP, RESOURCE_TAGGED, List.of(EC2 + "route-table/*", EC2 + "subnet/*"),
                    "Makes Flotilla's subnets use its route table."),
            p("ec2:ModifySubnetAttribute", SETUP, RESOURCE_TAGGED, List.of(EC2 + "subnet/*"),
                    "Gives instances in Flotilla's subnets a public address so they reach package indexes without a NAT gateway."),
            p("iam:GetRole", SETUP, NONE, List.of(ROLES), "Finds a worker role created before, so setup can run again safely."),
            p("iam:GetInstanceProfile", SETUP, NONE, List.of(PROFILES), "Finds a worker instance profile created before."),
            p("iam:CreateRole", SETUP, REQUEST_TAGGED, List.of(ROLES), "Creates the worker role that cluster instances run as."),
            p("iam:TagRole", SETUP, REQUEST_TAGGED, List.of(ROLES), "Needed to tag the worker role while creating it."),
            p("iam:PutRolePolicy", SETUP, RESOURCE_TAGGED, List.of(ROLES), "Writes the worker role's only policy: log writes."),
            p("iam:CreateInstanceProfile", SETUP, REQUEST_TAGGED, List.of(PROFILES), "Creates the instance profile that carries the worker role."),
            p("iam:TagInstanceProfile", SETUP, REQUEST_TAGGED, List.of(PROFILES), "Needed to tag the instance profile while creating it."),
            p("iam:AddRoleToInstanceProfile", SETUP, RESOURCE_TAGGED, List.of(PROFILES), "Puts the worker role into its instance profile."),
            p("iam:PassRole", SETUP, PASS_ROLE_WORKER, List.of(WORKER_ROLE_ARN), "AddRoleToInstanceProfile requires passing the worker role."),

            // ---- worker role: what the instances themselves may do ----
            p("logs:CreateLogStream", WORKER_ROLE, NONE, List.of(LOG_GROUPS), "Each instance writes its scheduler or worker log to its own stream."),
            p("logs:PutLogEvents", WORKER_ROLE, NONE, List.of(LOG_GROUPS), "Ships the instance's log lines to CloudWatch Logs."),
            p("ecr:GetAuthorizationToken", WORKER_ROLE, NONE, ANY,
                    "Logs the instance in to the registry to pull its software environment image; cannot be narrowed."),
            p("ecr:BatchGetImage", WORKER_ROLE, NONE, List.of(REPOSITORIES), "Pulls the software environment image's manifest."),
            p("ecr:GetDownloadUrlForLayer", WORKER_ROLE, NONE, List.of(REPOSITORIES), "Pulls the software environment image's layers."),
            p("ecr:BatchCheckLayerAvailability", WORKER_ROLE, NONE, List.of(REPOSITORIES),
                    "Asks which of the image's layers the registry has while pulling."));

    private AwsPermissionManifest() {
    }

    /** Every permission, in the order the documents list them. */
    public static List<AwsPermission> all() {
        return PERMISSIONS;
    }

    /** The permissions of one policy document. */
    public static List<AwsPermission> of(PolicyKind policy) {
        return PERMISSIONS.stream().filter(p -> p.policy() == policy).toList();
    }

    private static AwsPermission p(String action, PolicyKind policy, ConditionKind condition, List<String> resources, String why) {
        return new AwsPermission(action, policy, condition, resources, why);
    }
}
