package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The body of a login with Vault's AWS IAM auth method: an {@code sts:GetCallerIdentity} request signed (SigV4, by
 * the AWS SDK's signer) with the appliance's own AWS credentials, which Vault replays to STS to learn who is
 * calling. With a server id configured, the signed request carries {@code X-Vault-AWS-IAM-Server-ID}, so that
 * it cannot be replayed to another Vault. The request's parts are base64-encoded as Vault's API wants them.
 */
record AwsIamLoginRequest(String url, String body, String headers) {
    static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";
    static final String SERVER_ID_HEADER = "X-Vault-AWS-IAM-Server-ID";

    /** Signs a GetCallerIdentity for {@code config}'s STS endpoint and region with {@code credentials}. */
    static AwsIamLoginRequest sign(VaultConfig config, AwsCredentialsProvider credentials) {
        URI endpoint = URI.create(config.getAwsStsEndpoint().strip().replaceAll("/+$", "") + "/");
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        if (config.getAwsServerId() != null && !config.getAwsServerId().isBlank()) {
            unsigned.putHeader(SERVER_ID_HEADER, config.getAwsServerId());
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromUtf8String(GET_CALLER_IDENTITY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, config.getAwsRegion()));
        JsonObject headers = Json.object();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            headers.add(header.getKey(), Json.array(header.getValue().toArray(String[]::new)));
        }
        return new AwsIamLoginRequest(base64(signed.request().getUri().toString()), base64(GET_CALLER_IDENTITY),
                base64(headers.toString()));
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
