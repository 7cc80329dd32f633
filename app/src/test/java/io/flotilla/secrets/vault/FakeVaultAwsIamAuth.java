package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vault's AWS IAM auth backend for {@link FakeVaultServer}, judging a login the way Vault does: the base64 request
 * parts decoded, the body a GetCallerIdentity, the server id header present and signed when one is required, then
 * the request REPLAYED (same URL, body and headers) to STS, here moto with IAM auth on, which checks the SigV4
 * signature against the access key's secret; the caller's ARN from STS's answer must be the role's bound principal.
 *
 * <p>Moto (5.2) takes a signed {@code x-amz-content-sha256} header as the payload hash without comparing it to the
 * body, which real STS does; {@link #stsContentHashRefusal} adds that one check of STS's before the replay, so that a
 * body changed after signing is refused as it would be on AWS (changing the header too breaks moto's signature check).
 */
final class FakeVaultAwsIamAuth implements FakeVaultServer.LoginCheck {
    /** Headers the JDK client sets itself; the replay must agree with them rather than send them. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String role;
    private final String boundPrincipalArn;
    private final String serverId;
    private volatile String lastCallerArn;

    FakeVaultAwsIamAuth(String role, String boundPrincipalArn, String serverId) {
        this.role = role;
        this.boundPrincipalArn = boundPrincipalArn;
        this.serverId = serverId;
    }

    String lastCallerArn() {
        return lastCallerArn;
    }

    @Override
    public String refusal(JsonObject request) throws IOException, InterruptedException {
        if (!role.equals(request.getString("role", null))) {
            return "entry for role " + request.getString("role", null) + " not found";
        }
        if (!"POST".equals(request.getString("iam_http_request_method", null))) {
            return "invalid iam_http_request_method";
        }
        URI url = URI.create(decode(request.getString("iam_request_url", "")));
        String body = decode(request.getString("iam_request_body", ""));
        JsonObject headers = Json.parse(decode(request.getString("iam_request_headers", ""))).asObject();
        if (!body.contains("Action=GetCallerIdentity")) {
            return "iam_request_body must be a GetCallerIdentity";
        }
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            return "missing Authorization header";
        }
        if (serverId != null) {
            if (!serverId.equals(first(headers, "x-vault-aws-iam-server-id"))) {
                return "expected X-Vault-AWS-IAM-Server-ID " + serverId;
            }
            if (!signedHeaders(authorization).contains("x-vault-aws-iam-server-id")) {
                return "X-Vault-AWS-IAM-Server-ID is not signed";
            }
        }
        String host = first(headers, "host");
        if (host != null && !host.equals(url.getRawAuthority())) {
            return "the signed Host " + host + " is not the request URL's";
        }
        String contentHash = stsContentHashRefusal(headers, body);
        if (contentHash != null) {
            return contentHash;
        }
        HttpRequest.Builder replay = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (var header : headers) {
            if (!SET_BY_CLIENT.contains(header.getName().toLowerCase(Locale.ROOT))) {
                for (String value : values(header.getValue())) {
                    replay.header(header.getName(), value);
                }
            }
        }
        HttpResponse<String> sts = http.send(replay.build(), HttpResponse.BodyHandlers.ofString());
        if (sts.statusCode() != 200) {
            return "error making upstream request: received error code " + sts.statusCode() + " from STS: " + sts.body();
        }
        Matcher arn = ARN.matcher(sts.body());
        if (!arn.find()) {
            return "no Arn in STS's answer";
        }
        lastCallerArn = arn.group(1);
        return lastCallerArn.equals(boundPrincipalArn) ? null
                : "IAM Principal " + lastCallerArn + " does not belong to the role " + role;
    }

    /** STS's refusal of a body whose SHA-256 is not the signed {@code x-amz-content-sha256}, or null. */
    static String stsContentHashRefusal(JsonObject headers, String body) {
        String declared = first(headers, "x-amz-content-sha256");
        if (declared == null) {
            return null;
        }
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
            return actual.equals(declared) ? null : "error making upstream request: received error code 400 from STS: "
                    + "XAmzContentSHA256Mismatch: the provided 'x-amz-content-sha256' header does not match what was computed";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String first(JsonObject headers, String lowerName) {
        for (var header : headers) {
            if (header.getName().equalsIgnoreCase(lowerName)) {
                List<String> values = values(header.getValue());
                return values.isEmpty() ? null : values.get(0);
            }
        }
        return null;
    }

    private static List<String> values(JsonValue value) {
        return value.isArray() ? value.asArray().values().stream().map(JsonValue::asString).toList()
                : List.of(value.asString());
    }

    private static List<String> signedHeaders(String authorization) {
        Matcher signed = Pattern.compile("SignedHeaders=([^,\\s]+)").matcher(authorization);
        return signed.find() ? List.of(signed.group(1).split(";")) : List.of();
    }
}
