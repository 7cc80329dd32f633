package io.flotilla.provider.aws;

import io.flotilla.provider.aws.iam.PolicyDocument;
import io.flotilla.provider.aws.iam.PolicyDocument.Statement;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * IAM identities on a {@link MotoServer#withIamAuth()} server, and its authorisation switch. Create users and
 * roles while authorisation is off (each test starts so; this helper's own IAM calls use the server's dummy
 * credentials, which authorisation refuses), then {@link #authOn()}: from then on every request is
 * checked against the policies of its access key's user or assumed role, and {@code sts:AssumeRole} against the
 * role's trust policy, including {@code sts:ExternalId}.
 *
 * <p>What moto checks (5.2): actions, and resources only against {@code "*"} (a statement naming ARNs never
 * matches, so {@link #allow} grants on {@code "*"}); {@code StringEquals} conditions only for keys the request
 * carries (in practice {@code sts:ExternalId}; a missing external id passes); trust policies only when the role is
 * in the caller's own account, and with the principal's exact ARN (not {@code :root}).
 */
public final class MotoIam {
    /** Moto's default account: every identity here lives in it. */
    public static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = ObjectMapper.getDefault();
    private final MotoServer server;
    private final HttpClient http;

    MotoIam(MotoServer server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    /** An IAM user with an access key. */
    public record User(String name, String arn, String accessKeyId, String secretAccessKey) {
        /** The user's access key as SDK credentials. */
        public AwsCredentialsProvider credentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
    }

    /** An IAM role. */
    public record Role(String name, String arn) {
    }

    /**
     * The cross-account set-up: an administrator (may do anything), the appliance's own user (may only
     * {@code sts:AssumeRole}) and the role it assumes, which trusts the appliance's user with {@code externalId}.
     */
    public record CrossAccount(User admin, User appliance, Role role, String externalId) {
    }

    /** Every request is checked against IAM from now on. */
    public void authOn() {
        setNoAuthCount("0");
    }

    /** Every request is accepted again (the state each test starts in). */
    public void authOff() {
        setNoAuthCount("inf");
    }

    /**
     * Creates the {@link CrossAccount} identities; the role's permissions are {@code rolePolicy}. Authorisation
     * stays as it is: call {@link #authOn()} afterwards.
     */
    public CrossAccount crossAccount(String roleName, String externalId, PolicyDocument rolePolicy) {
        User admin = createUser("flotilla-test-admin", allow(List.of("*")));
        User appliance = createUser("flotilla-test-appliance-host", allow(List.of("sts:AssumeRole")));
        Role role = createRole(roleName, trustWithExternalId(appliance.arn(), externalId), rolePolicy);
        return new CrossAccount(admin, appliance, role, externalId);
    }

    /** A user with an access key and, when given, an inline policy. */
    public User createUser(String name, @Nullable PolicyDocument policy) {
        try (IamClient iam = iam()) {
            String arn = iam.createUser(r -> r.userName(name)).user().arn();
            AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
            if (policy != null) {
                iam.putUserPolicy(r -> r.userName(name).policyName(name + "-policy").policyDocument(json(policy)));
            }
            return new User(name, arn, key.accessKeyId(), key.secretAccessKey());
        }
    }

    /** A role with a trust policy and, when given, an inline permission policy. */
    public Role createRole(String name, PolicyDocument trust, @Nullable PolicyDocument policy) {
        try (IamClient iam = iam()) {
            String arn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(json(trust))).role().arn();
            if (policy != null) {
                putRolePolicy(name, policy);
            }
            return new Role(name, arn);
        }
    }

    /** Replaces (or adds) the role's inline policy {@code <role>-policy}. */
    public void putRolePolicy(String roleName, PolicyDocument policy) {
        try (IamClient iam = iam()) {
            iam.putRolePolicy(r -> r.roleName(roleName).policyName(roleName + "-policy").policyDocument(json(policy)));
        }
    }

    /** A policy allowing {@code actions} on every resource. */
    public static PolicyDocument allow(Collection<String> actions) {
        return new PolicyDocument(List.of(Statement.allow("Allow", List.copyOf(actions), List.of("*"), null)));
    }

    /**
     * The same statements on {@code "*"}: moto matches a statement's resources only against {@code "*"}, so a
     * rendered document with ARNs would grant nothing there. Actions and conditions stay as they are.
     */
    public static PolicyDocument onAnyResource(PolicyDocument policy) {
        return new PolicyDocument(policy.statement().stream()
                .map(s -> Statement.allow(s.sid(), s.action(), List.of("*"), s.condition())).toList());
    }

    /** The same document without {@code action} (statements left without actions are dropped). */
    public static PolicyDocument without(PolicyDocument policy, String action) {
        return new PolicyDocument(policy.statement().stream()
                .map(s -> Statement.allow(s.sid(), s.action().stream().filter(a -> !a.equals(action)).toList(),
                        s.resource(), s.condition()))
                .filter(s -> !s.action().isEmpty()).toList());
    }

    /** A trust policy letting {@code principalArn} assume the role only with {@code externalId}. */
    public static PolicyDocument trustWithExternalId(String principalArn, String externalId) {
        return new PolicyDocument(List.of(Statement.trust("TrustWithExternalId", Map.of("AWS", principalArn),
                "sts:AssumeRole", Map.of("StringEquals", Map.of("sts:ExternalId", List.of(externalId))))));
    }

    /** A policy document as IAM's JSON. */
    public static String json(PolicyDocument policy) {
        try {
            return JSON.writeValueAsString(policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IamClient iam() {
        return IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(server.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_KEY)))
                .build();
    }

    private void setNoAuthCount(String count) {
        try {
            int status = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/moto-api/reset-auth"))
                    .POST(HttpRequest.BodyPublishers.ofString(count)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 200) {
                throw new IllegalStateException("moto reset-auth answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
