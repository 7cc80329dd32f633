package io.flotilla.provider.aws;

import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The image instances boot, per architecture: the configured image id ({@code image-id} for x86_64,
 * {@code image-id-arm64} for arm64), or else the value of the architecture's configured SSM parameter (by
 * default the public Amazon Linux 2023 one), looked up once per region and architecture.
 */
public class WorkerImage {
    private final AwsProviderConfig config;
    private final Function<String, SsmClient> ssm;
    private final Map<String, String> resolved = new ConcurrentHashMap<>();

    public WorkerImage(AwsProviderConfig config, Function<String, SsmClient> ssm) {
        this.config = config;
        this.ssm = ssm;
    }

    /** The image id for x86_64 instances in the region. */
    public String imageId(String region) {
        return imageId(region, InstanceTypeCatalog.X86_64);
    }

    /** The image id for instances of the architecture ({@code x86_64} or {@code arm64}) in the region. */
    public String imageId(String region, String architecture) {
        boolean arm = InstanceTypeCatalog.ARM64.equals(architecture);
        String configured = arm ? config.getImageIdArm64() : config.getImageId();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String parameter = arm ? config.getImageSsmParameterArm64() : config.getImageSsmParameter();
        return resolved.computeIfAbsent(region + "/" + parameter, key -> ssm.apply(region)
                .getParameter(b -> b.name(parameter)).parameter().value());
    }
}
