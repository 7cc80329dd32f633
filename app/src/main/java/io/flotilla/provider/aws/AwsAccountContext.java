package io.flotilla.provider.aws;

import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.util.List;

/**
 * Where and as whom one cloud account's AWS calls go: the account's region, the credentials the appliance
 * uses there (its own instance role, an assumed role, or access keys), and the network and settings its
 * clusters get. Built from a registered cloud account, or from {@code flotilla.aws.*} for the default one.
 *
 * @param key                a stable id of the account (cloud account uuid, or {@code default}); clients and
 *                           providers are cached by it
 * @param name               the account's display name
 * @param region             region clusters run in
 * @param credentials        credentials of the appliance's calls in this account
 * @param subnetIds          subnets instances start in; empty: the region's default VPC
 * @param allowedCidrs       addresses that may reach schedulers (clients); empty: the network of the subnets
 * @param instanceProfileArn instance profile (worker role: log writes, image pulls) of every instance, or null
 * @param logRetentionDays   days CloudWatch keeps cluster logs
 */
public record AwsAccountContext(String key, String name, String region, AwsCredentialsProvider credentials,
                                List<String> subnetIds, List<String> allowedCidrs,
                                @Nullable String instanceProfileArn, int logRetentionDays) {
    public AwsAccountContext {
        subnetIds = List.copyOf(subnetIds);
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    /** The key of the account configured by {@code flotilla.aws.*}. */
    public static final String DEFAULT_KEY = "default";

    /** The default account: {@code flotilla.aws.*} with the given credentials. */
    public static AwsAccountContext fromConfig(AwsProviderConfig config, AwsCredentialsProvider credentials) {
        return new AwsAccountContext(DEFAULT_KEY, DEFAULT_KEY, config.getRegion(), credentials, config.getSubnetIds(),
                config.getAllowedCidrs(), config.getInstanceProfileArn(), config.getLogRetentionDays());
    }
}
