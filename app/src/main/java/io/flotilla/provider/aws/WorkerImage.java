package io.flotilla.provider.aws;

import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The image instances boot: the configured image id, or else the value of the configured SSM parameter
 * (by default the public Amazon Linux 2023 one), looked up once per region.
 */
public class WorkerImage {
    private final AwsProviderConfig config;
    private final Function<String, SsmClient> ssm;
    private final Map<String, String> resolved = new ConcurrentHashMap<>();

    public WorkerImage(AwsProviderConfig config, Function<String, SsmClient> ssm) {
        this.config = config;
        this.ssm = ssm;
    }

    /** The image id for instances in the region. */
    public String imageId(String region) {
        if (config.getImageId() != null && !config.getImageId().isBlank()) {
            return config.getImageId();
        }
        return resolved.computeIfAbsent(region, r -> ssm.apply(r)
                .getParameter(b -> b.name(config.getImageSsmParameter())).parameter().value());
    }
}
