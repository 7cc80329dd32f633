package io.flotilla.environment.sync;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/** Settings of package sync's wheel store ({@code flotilla.package-sync.*}). */
@ConfigurationProperties("flotilla.package-sync")
public class PackageSyncConfig {
    /** Bucket names must start with this: the permission manifest grants S3 access only there. */
    public static final String BUCKET_PREFIX = io.flotilla.provider.aws.iam.AwsPermissionManifest.BUCKET_PREFIX;
    private String wheelStore = "local";
    private long maxWheelBytes = 1_000_000;
    private String s3Bucket;
    private String s3Region;
    private Duration maxLinkValidity = Duration.ofHours(1);

    /** local (under the data directory) or s3 (Flotilla's own bucket). */
    public String getWheelStore() {
        return wheelStore;
    }

    public void setWheelStore(String wheelStore) {
        this.wheelStore = wheelStore;
    }

    /** The largest wheel accepted, in bytes (requests are also limited by micronaut.server.max-request-size). */
    public long getMaxWheelBytes() {
        return maxWheelBytes;
    }

    public void setMaxWheelBytes(long maxWheelBytes) {
        this.maxWheelBytes = maxWheelBytes;
    }

    @Nullable
    public String getS3Bucket() {
        return s3Bucket;
    }

    public void setS3Bucket(@Nullable String s3Bucket) {
        this.s3Bucket = s3Bucket == null || s3Bucket.isBlank() ? null : s3Bucket;
    }

    @Nullable
    public String getS3Region() {
        return s3Region;
    }

    public void setS3Region(@Nullable String s3Region) {
        this.s3Region = s3Region == null || s3Region.isBlank() ? null : s3Region;
    }

    /** The longest a wheel link may stay valid; longer requests are cut to this. */
    public Duration getMaxLinkValidity() {
        return maxLinkValidity;
    }

    public void setMaxLinkValidity(Duration maxLinkValidity) {
        this.maxLinkValidity = maxLinkValidity;
    }
}
