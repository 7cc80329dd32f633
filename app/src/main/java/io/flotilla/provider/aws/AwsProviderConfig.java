package io.flotilla.provider.aws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the {@code aws} compute provider ({@code flotilla.aws.*}), which runs cluster instances as
 * EC2 instances in the customer's account. Credentials come from the AWS SDK's default chain.
 */
@ConfigurationProperties("flotilla.aws")
public class AwsProviderConfig {
    /** Public SSM parameter naming the latest Amazon Linux 2023 x86_64 image. */
    public static final String AL2023_X86_64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    /** Public SSM parameter naming the latest Amazon Linux 2023 arm64 image. */
    public static final String AL2023_ARM64_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

    /** Registers the {@code aws} provider. Env: FLOTILLA_AWS_ENABLED. */
    private boolean enabled;
    /** Region clusters run in, e.g. {@code eu-central-1}. Env: FLOTILLA_AWS_REGION. */
    @Nullable
    private String region;
    /** Endpoint that replaces the AWS one (tests, private endpoints). Env: FLOTILLA_AWS_ENDPOINT_OVERRIDE. */
    @Nullable
    private URI endpointOverride;
    /**
     * Image (AMI) of x86_64 instances, e.g. built by Packer with the Flotilla agent; GPU workers need one with
     * NVIDIA drivers. Env: FLOTILLA_AWS_IMAGE_ID.
     */
    @Nullable
    private String imageId;
    /** SSM parameter holding the x86_64 image id, used when image-id is empty. Env: FLOTILLA_AWS_IMAGE_SSM_PARAMETER. */
    private String imageSsmParameter = AL2023_X86_64_PARAMETER;
    /** Image (AMI) of arm64 (Graviton) workers, asked for with {@code arm}. Env: FLOTILLA_AWS_IMAGE_ID_ARM64. */
    @Nullable
    private String imageIdArm64;
    /**
     * SSM parameter holding the arm64 image id, used when image-id-arm64 is empty.
     * Env: FLOTILLA_AWS_IMAGE_SSM_PARAMETER_ARM64.
     */
    private String imageSsmParameterArm64 = AL2023_ARM64_PARAMETER;
    /**
     * Whether the images above are Flotilla worker images baked by {@code packer/worker} (agent and its unit
     * installed): user-data then only writes the agent's environment file and starts the unit. False (a stock image
     * such as the default Amazon Linux 2023): user-data fetches the install script from the appliance first.
     * Env: FLOTILLA_AWS_IMAGE_BAKED.
     */
    private boolean imageBaked;
    /** Subnets instances start in (one capacity pool per subnet and type); empty: the default VPC. Env: FLOTILLA_AWS_SUBNET_IDS. */
    private List<String> subnetIds = new ArrayList<>();
    /** Extra security groups every instance gets. Env: FLOTILLA_AWS_SECURITY_GROUP_IDS. */
    private List<String> securityGroupIds = new ArrayList<>();
    /** Worker instance types to use instead of choosing them from the size. Env: FLOTILLA_AWS_INSTANCE_TYPES. */
    private List<String> instanceTypes = new ArrayList<>();
    /** Instance type of schedulers. Env: FLOTILLA_AWS_SCHEDULER_INSTANCE_TYPE. */
    private String schedulerInstanceType = "m6i.large";
    /** Workers' purchase option: on-demand, spot, spot_with_fallback. Env: FLOTILLA_AWS_SPOT_POLICY. */
    private String spotPolicy = SpotPolicy.ON_DEMAND.value();
    /** Instance profile (worker role) of every instance; empty: none. Env: FLOTILLA_AWS_INSTANCE_PROFILE_ARN. */
    @Nullable
    private String instanceProfileArn;
    /** Addresses (CIDRs) allowed to reach schedulers; empty: the network of the subnets. Env: FLOTILLA_AWS_ALLOWED_CIDRS. */
    private List<String> allowedCidrs = new ArrayList<>();
    /** Days CloudWatch Logs keeps cluster logs. Env: FLOTILLA_AWS_LOG_RETENTION_DAYS. */
    private int logRetentionDays = 30;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Nullable
    public String getRegion() {
        return region;
    }

    public void setRegion(@Nullable String region) {
        this.region = blankToNull(region);
    }

    @Nullable
    public URI getEndpointOverride() {
        return endpointOverride;
    }

    public void setEndpointOverride(@Nullable URI endpointOverride) {
        this.endpointOverride = endpointOverride == null || endpointOverride.toString().isBlank() ? null : endpointOverride;
    }

    @Nullable
    public String getImageId() {
        return imageId;
    }

    public void setImageId(@Nullable String imageId) {
        this.imageId = blankToNull(imageId);
    }

    public String getImageSsmParameter() {
        return imageSsmParameter;
    }

    public void setImageSsmParameter(String imageSsmParameter) {
        this.imageSsmParameter = imageSsmParameter;
    }

    @Nullable
    public String getImageIdArm64() {
        return imageIdArm64;
    }

    public void setImageIdArm64(@Nullable String imageIdArm64) {
        this.imageIdArm64 = blankToNull(imageIdArm64);
    }

    public String getImageSsmParameterArm64() {
        return imageSsmParameterArm64;
    }

    public void setImageSsmParameterArm64(String imageSsmParameterArm64) {
        this.imageSsmParameterArm64 = imageSsmParameterArm64;
    }

    public boolean isImageBaked() {
        return imageBaked;
    }

    public void setImageBaked(boolean imageBaked) {
        this.imageBaked = imageBaked;
    }

    public List<String> getSubnetIds() {
        return subnetIds;
    }

    public void setSubnetIds(List<String> subnetIds) {
        this.subnetIds = withoutBlanks(subnetIds);
    }

    public List<String> getSecurityGroupIds() {
        return securityGroupIds;
    }

    public void setSecurityGroupIds(List<String> securityGroupIds) {
        this.securityGroupIds = withoutBlanks(securityGroupIds);
    }

    public List<String> getInstanceTypes() {
        return instanceTypes;
    }

    public void setInstanceTypes(List<String> instanceTypes) {
        this.instanceTypes = withoutBlanks(instanceTypes);
    }

    public String getSchedulerInstanceType() {
        return schedulerInstanceType;
    }

    public void setSchedulerInstanceType(String schedulerInstanceType) {
        this.schedulerInstanceType = schedulerInstanceType;
    }

    public String getSpotPolicy() {
        return spotPolicy;
    }

    public void setSpotPolicy(String spotPolicy) {
        this.spotPolicy = spotPolicy;
    }

    @Nullable
    public String getInstanceProfileArn() {
        return instanceProfileArn;
    }

    public void setInstanceProfileArn(@Nullable String instanceProfileArn) {
        this.instanceProfileArn = blankToNull(instanceProfileArn);
    }

    public List<String> getAllowedCidrs() {
        return allowedCidrs;
    }

    public void setAllowedCidrs(List<String> allowedCidrs) {
        this.allowedCidrs = withoutBlanks(allowedCidrs);
    }

    public int getLogRetentionDays() {
        return logRetentionDays;
    }

    public void setLogRetentionDays(int logRetentionDays) {
        this.logRetentionDays = logRetentionDays;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> withoutBlanks(List<String> values) {
        List<String> kept = new ArrayList<>();
        if (values != null) {
            values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim).forEach(kept::add);
        }
        return kept;
    }
}
