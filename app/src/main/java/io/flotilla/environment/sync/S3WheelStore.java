package io.flotilla.environment.sync;

import io.flotilla.environment.builder.WheelRef;
import io.flotilla.error.ServiceException;
import io.flotilla.provider.aws.AwsClients;
import io.flotilla.provider.aws.AwsProviderConfig;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Wheels in Flotilla's own S3 bucket ({@code flotilla-…}, created on first use with every public access blocked)
 * under {@code wheels/<sha256>/<filename>} (content-addressed), with an empty marker
 * {@code wheels/<sha256>/<filename>.workspaces/<workspace-id>} per workspace that uploaded it; written with the
 * appliance's credentials, which the
 * permission manifest limits to that bucket. Builders and instances get presigned GET links that expire.
 */
@Singleton
@Requires(property = "flotilla.package-sync.wheel-store", value = "s3")
public class S3WheelStore implements WheelStore {
    private final AwsClients clients;
    private final PackageSyncConfig config;
    private final String bucket;
    private final String region;
    private volatile boolean bucketReady;

    public S3WheelStore(AwsClients clients, PackageSyncConfig config, AwsProviderConfig aws) {
        this.clients = clients;
        this.config = config;
        this.bucket = config.getS3Bucket();
        this.region = config.getS3Region() != null ? config.getS3Region() : aws.getRegion();
        if (bucket == null || !bucket.startsWith(PackageSyncConfig.BUCKET_PREFIX) || region == null) {
            throw new IllegalStateException("flotilla.package-sync.wheel-store=s3 needs flotilla.package-sync.s3-bucket"
                    + " (a name starting with " + PackageSyncConfig.BUCKET_PREFIX + ") and a region"
                    + " (flotilla.package-sync.s3-region or the AWS provider's region)");
        }
    }

    private S3Client s3() {
        return clients.s3(region, clients.defaultCredentials());
    }

    static String key(String sha256, String filename) {
        return "wheels/" + sha256 + "/" + filename;
    }

    static String marker(UUID workspaceId, String sha256, String filename) {
        return key(sha256, filename) + ".workspaces/" + workspaceId;
    }

    @Override
    public WheelRef put(UUID workspaceId, WheelFileName name, String sha256, byte[] content) {
        WheelStore.checkContent(content, sha256, config.getMaxWheelBytes(), name.filename());
        try {
            ensureBucket();
            s3().putObject(b -> b.bucket(bucket).key(key(sha256, name.filename()))
                    .contentType("application/octet-stream").metadata(Map.of("sha256", sha256)), RequestBody.fromBytes(content));
            s3().putObject(b -> b.bucket(bucket).key(marker(workspaceId, sha256, name.filename())), RequestBody.empty());
        } catch (SdkException e) {
            throw ServiceException.unavailable("wheel_store_unavailable", "The appliance could not store the wheel "
                    + name.filename() + " in its S3 bucket " + bucket + ".", e);
        }
        return new WheelRef(name.filename(), sha256);
    }

    @Override
    public boolean exists(UUID workspaceId, WheelRef wheel) {
        try {
            s3().headObject(b -> b.bucket(bucket).key(marker(workspaceId, wheel.sha256(), wheel.filename())));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw ServiceException.unavailable("wheel_store_unavailable", "The appliance could not read its S3 bucket " + bucket + ".", e);
        }
    }

    @Override
    public InputStream open(WheelRef wheel) throws IOException {
        byte[] content;
        try {
            content = s3().getObjectAsBytes(b -> b.bucket(bucket).key(key(wheel.sha256(), wheel.filename()))).asByteArray();
        } catch (SdkException e) {
            throw new IOException("Could not read the wheel " + wheel.filename() + " from S3: " + e.getMessage(), e);
        }
        if (!WheelStore.sha256(content).equals(wheel.sha256())) {
            throw new IOException("The wheel " + wheel.filename() + " in S3 no longer matches its hash.");
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public String link(WheelRef wheel, Duration validFor) {
        WheelFileName.requireSha256(wheel.sha256(), "sha256");
        WheelFileName.parse(wheel.filename());
        Duration valid = validFor.compareTo(config.getMaxLinkValidity()) > 0 ? config.getMaxLinkValidity() : validFor;
        try (S3Presigner presigner = clients.s3Presigner(region, clients.defaultCredentials())) {
            return presigner.presignGetObject(p -> p.signatureDuration(valid).getObjectRequest(
                    g -> g.bucket(bucket).key(key(wheel.sha256(), wheel.filename())))).url().toString();
        }
    }

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        synchronized (this) {
            if (bucketReady) {
                return;
            }
            try {
                s3().createBucket(b -> {
                    b.bucket(bucket);
                    if (!"us-east-1".equals(region)) {
                        b.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                });
            } catch (BucketAlreadyOwnedByYouException e) {
                // created before: fine
            }
            s3().putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            bucketReady = true;
        }
    }
}
