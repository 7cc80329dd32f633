package io.flotilla.provider.aws.imagebuild;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Settings of the {@code aws} image builder ({@code flotilla.aws.build.*}): the CodeBuild service role that
 * Terraform creates, the base images of the generated Dockerfile (placeholders {@code {python}}), the build's
 * compute type and how long a build may take.
 */
@ConfigurationProperties("flotilla.aws.build")
public class AwsBuildConfig {
    /**
     * The CodeBuild service role (pulls base images, pushes to {@code flotilla/*} repositories, writes
     * {@code /flotilla/*} logs, reads {@code /flotilla/builds/*} parameters). Its name must start with
     * {@code flotilla-}; in a registered cloud account the role of the same name there is used.
     * Env: FLOTILLA_AWS_BUILD_SERVICE_ROLE_ARN.
     */
    @Nullable
    private String serviceRoleArn;
    /** Base image of CPU environments; {@code {python}} becomes the spec's python version. Env: FLOTILLA_AWS_BUILD_BASE_IMAGE. */
    private String baseImage = "public.ecr.aws/docker/library/python:{python}-slim-bookworm";
    /** Base image of GPU environments (uv installs the python version in it). Env: FLOTILLA_AWS_BUILD_GPU_BASE_IMAGE. */
    private String gpuBaseImage = "nvcr.io/nvidia/cuda:12.6.3-runtime-ubuntu24.04";
    /** Image the uv binary is copied from. Env: FLOTILLA_AWS_BUILD_UV_IMAGE. */
    private String uvImage = "ghcr.io/astral-sh/uv:0.9.5";
    /** CodeBuild compute type. Env: FLOTILLA_AWS_BUILD_COMPUTE_TYPE. */
    private String computeType = "BUILD_GENERAL1_MEDIUM";
    /** How long one build may take before CodeBuild stops it and the build fails. Env: FLOTILLA_AWS_BUILD_TIMEOUT. */
    private Duration timeout = Duration.ofMinutes(60);
    /** How often a running build is looked at. Env: FLOTILLA_AWS_BUILD_POLL_INTERVAL. */
    private Duration pollInterval = Duration.ofSeconds(15);

    @Nullable
    public String getServiceRoleArn() {
        return serviceRoleArn;
    }

    public void setServiceRoleArn(@Nullable String serviceRoleArn) {
        this.serviceRoleArn = serviceRoleArn == null || serviceRoleArn.isBlank() ? null : serviceRoleArn.trim();
    }

    public String getBaseImage() {
        return baseImage;
    }

    public void setBaseImage(String baseImage) {
        if (baseImage != null && !baseImage.isBlank()) {
            this.baseImage = baseImage.trim();
        }
    }

    public String getGpuBaseImage() {
        return gpuBaseImage;
    }

    public void setGpuBaseImage(String gpuBaseImage) {
        if (gpuBaseImage != null && !gpuBaseImage.isBlank()) {
            this.gpuBaseImage = gpuBaseImage.trim();
        }
    }

    public String getUvImage() {
        return uvImage;
    }

    public void setUvImage(String uvImage) {
        if (uvImage != null && !uvImage.isBlank()) {
            this.uvImage = uvImage.trim();
        }
    }

    public String getComputeType() {
        return computeType;
    }

    public void setComputeType(String computeType) {
        if (computeType != null && !computeType.isBlank()) {
            this.computeType = computeType.trim();
        }
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }
}
