package io.flotilla.provider.gcp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the {@code gcp} compute provider ({@code flotilla.gcp.*}), which runs cluster instances as Compute
 * Engine VMs in the customer's project. The project, region, zones, network and worker service account here are
 * those of the account configured in the appliance's own config (the appliance's own credentials: Application
 * Default Credentials); registered cloud accounts bring their own. The other settings apply to every account.
 */
@ConfigurationProperties("flotilla.gcp")
public class GcpProviderConfig {
    /** Public Debian 12 image family (x86_64). */
    public static final String DEBIAN_12 = "projects/debian-cloud/global/images/family/debian-12";
    /** Public Debian 12 image family (arm64). */
    public static final String DEBIAN_12_ARM64 = "projects/debian-cloud/global/images/family/debian-12-arm64";

    /** Registers the {@code gcp} provider of the default account. Env: FLOTILLA_GCP_ENABLED. */
    private boolean enabled;
    /** Project id clusters run in, e.g. {@code acme-dask}. Env: FLOTILLA_GCP_PROJECT. */
    @Nullable
    private String project;
    /** Region clusters run in, e.g. {@code europe-west1}. Env: FLOTILLA_GCP_REGION. */
    @Nullable
    private String region;
    /** Zones tried in order (zone failover); empty: every zone of the region. Env: FLOTILLA_GCP_ZONES. */
    private List<String> zones = new ArrayList<>();
    /** VPC network (name or self-link) of instances and firewall rules; empty: {@code default}. Env: FLOTILLA_GCP_NETWORK. */
    @Nullable
    private String network;
    /**
     * Subnetworks (names or self-links) instances start in; the one of the launch region is used; empty: the
     * network's auto-mode subnetwork. Env: FLOTILLA_GCP_SUBNETWORKS.
     */
    private List<String> subnetworks = new ArrayList<>();
    /**
     * Addresses (CIDRs) allowed to reach schedulers' ports when the workspace names none; empty: no rule from
     * outside the cluster. Env: FLOTILLA_GCP_ALLOWED_CIDRS.
     */
    private List<String> allowedCidrs = new ArrayList<>();
    /** Service account (email) every instance runs as (log writes only); empty: none. Env: FLOTILLA_GCP_WORKER_SERVICE_ACCOUNT. */
    @Nullable
    private String workerServiceAccount;
    /**
     * Compute Engine endpoint replacing Google's, e.g. {@code http://127.0.0.1:8089} (tests); a plain-http endpoint
     * gets no credentials. Env: FLOTILLA_GCP_COMPUTE_ENDPOINT.
     */
    @Nullable
    private String computeEndpoint;
    /** Cloud Logging endpoint replacing Google's (tests), host:port. Env: FLOTILLA_GCP_LOGGING_ENDPOINT. */
    @Nullable
    private String loggingEndpoint;
    /** How long a zone's machine types (machineTypes.list) are kept. Env: FLOTILLA_GCP_MACHINE_TYPE_CACHE_TTL. */
    private Duration machineTypeCacheTtl = Duration.ofHours(6);
    /** Boot image (or image family) of x86_64 instances. Env: FLOTILLA_GCP_IMAGE. */
    private String image = DEBIAN_12;
    /** Boot image (or image family) of arm64 workers, asked for with {@code arm}. Env: FLOTILLA_GCP_IMAGE_ARM64. */
    private String imageArm64 = DEBIAN_12_ARM64;
    /**
     * Whether the images are Flotilla worker images baked by {@code packer/worker}: the startup script then only
     * writes the agent's environment and starts its unit. Env: FLOTILLA_GCP_IMAGE_BAKED.
     */
    private boolean imageBaked;
    /** Boot disk size of every instance, in GB. Env: FLOTILLA_GCP_BOOT_DISK_SIZE_GB. */
    private int bootDiskSizeGb = 50;
    /** Machine type of schedulers. Env: FLOTILLA_GCP_SCHEDULER_MACHINE_TYPE. */
    private String schedulerMachineType = "e2-standard-2";
    /** Worker machine types to use instead of choosing them from the size, in order. Env: FLOTILLA_GCP_MACHINE_TYPES. */
    private List<String> machineTypes = new ArrayList<>();
    /** Accelerator type of GPU workers (on N1 machine types). Env: FLOTILLA_GCP_GPU_ACCELERATOR_TYPE. */
    private String gpuAcceleratorType = "nvidia-tesla-t4";
    /** Workers' purchase option: on-demand, spot, spot_with_fallback. Env: FLOTILLA_GCP_SPOT_POLICY. */
    private String spotPolicy = GceSpotPolicy.ON_DEMAND.value();
    /**
     * Whether instances get an ephemeral external address (to reach the appliance and package indexes without
     * Cloud NAT). Env: FLOTILLA_GCP_EXTERNAL_IP.
     */
    private boolean externalIp = true;
    /** How long the provider waits for one Compute Engine operation. Env: FLOTILLA_GCP_OPERATION_TIMEOUT. */
    private Duration operationTimeout = Duration.ofMinutes(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Nullable
    public String getProject() {
        return project;
    }

    public void setProject(@Nullable String project) {
        this.project = blankToNull(project);
    }

    @Nullable
    public String getRegion() {
        return region;
    }

    public void setRegion(@Nullable String region) {
        this.region = blankToNull(region);
    }

    public List<String> getZones() {
        return zones;
    }

    public void setZones(List<String> zones) {
        this.zones = withoutBlanks(zones);
    }

    @Nullable
    public String getNetwork() {
        return network;
    }

    public void setNetwork(@Nullable String network) {
        this.network = blankToNull(network);
    }

    public List<String> getSubnetworks() {
        return subnetworks;
    }

    public void setSubnetworks(List<String> subnetworks) {
        this.subnetworks = withoutBlanks(subnetworks);
    }

    public List<String> getAllowedCidrs() {
        return allowedCidrs;
    }

    public void setAllowedCidrs(List<String> allowedCidrs) {
        this.allowedCidrs = withoutBlanks(allowedCidrs);
    }

    @Nullable
    public String getWorkerServiceAccount() {
        return workerServiceAccount;
    }

    public void setWorkerServiceAccount(@Nullable String workerServiceAccount) {
        this.workerServiceAccount = blankToNull(workerServiceAccount);
    }

    @Nullable
    public String getComputeEndpoint() {
        return computeEndpoint;
    }

    public void setComputeEndpoint(@Nullable String computeEndpoint) {
        this.computeEndpoint = blankToNull(computeEndpoint);
    }

    @Nullable
    public String getLoggingEndpoint() {
        return loggingEndpoint;
    }

    public void setLoggingEndpoint(@Nullable String loggingEndpoint) {
        this.loggingEndpoint = blankToNull(loggingEndpoint);
    }

    public Duration getMachineTypeCacheTtl() {
        return machineTypeCacheTtl;
    }

    public void setMachineTypeCacheTtl(Duration machineTypeCacheTtl) {
        this.machineTypeCacheTtl = machineTypeCacheTtl;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getImageArm64() {
        return imageArm64;
    }

    public void setImageArm64(String imageArm64) {
        this.imageArm64 = imageArm64;
    }

    public boolean isImageBaked() {
        return imageBaked;
    }

    public void setImageBaked(boolean imageBaked) {
        this.imageBaked = imageBaked;
    }

    public int getBootDiskSizeGb() {
        return bootDiskSizeGb;
    }

    public void setBootDiskSizeGb(int bootDiskSizeGb) {
        this.bootDiskSizeGb = bootDiskSizeGb;
    }

    public String getSchedulerMachineType() {
        return schedulerMachineType;
    }

    public void setSchedulerMachineType(String schedulerMachineType) {
        this.schedulerMachineType = schedulerMachineType;
    }

    public List<String> getMachineTypes() {
        return machineTypes;
    }

    public void setMachineTypes(List<String> machineTypes) {
        this.machineTypes = withoutBlanks(machineTypes);
    }

    public String getGpuAcceleratorType() {
        return gpuAcceleratorType;
    }

    public void setGpuAcceleratorType(String gpuAcceleratorType) {
        this.gpuAcceleratorType = gpuAcceleratorType;
    }

    public String getSpotPolicy() {
        return spotPolicy;
    }

    public void setSpotPolicy(String spotPolicy) {
        this.spotPolicy = spotPolicy;
    }

    public boolean isExternalIp() {
        return externalIp;
    }

    public void setExternalIp(boolean externalIp) {
        this.externalIp = externalIp;
    }

    public Duration getOperationTimeout() {
        return operationTimeout;
    }

    public void setOperationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
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
