package io.flotilla.secrets.vault;

import io.flotilla.error.ServiceException;
import io.flotilla.provider.aws.MotoIam;
import io.flotilla.provider.aws.MotoServer;
import io.flotilla.provider.aws.iam.PolicyDocument;
import io.flotilla.testing.MovableClock;
import io.github.jopenlibs.vault.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Vault's AWS IAM login without a secret zero: the appliance signs a GetCallerIdentity with its own AWS credentials,
 * and the fake Vault checks it the way Vault does, by replaying it to STS: here moto with IAM auth on, which
 * recomputes the SigV4 signature from the access key's secret, so a tampered body or signature is refused.
 */
class VaultAwsIamLoginTest {
    @RegisterExtension
    static final MotoServer MOTO = MotoServer.withIamAuth();
    private static final String SERVER_ID = "vault.flotilla.example";
    private final MovableClock clock = new MovableClock();
    private FakeVaultServer vault;
    private MotoIam.User appliance;
    private FakeVaultAwsIamAuth backend;

    @BeforeEach
    void identities() {
        vault = FakeVaultServer.start("kv");
        appliance = MOTO.iam().createUser("flotilla-appliance", null);
        MOTO.iam().authOn();
        backend = new FakeVaultAwsIamAuth("flotilla", appliance.arn(), SERVER_ID);
        vault.enableLogin("aws", backend, 60);
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    private VaultConfig config() {
        VaultConfig config = new VaultConfig();
        config.setAddr(vault.address());
        config.setMount("kv");
        config.setMaxRetries(0);
        config.setAuthMethod("aws");
        config.setAuthRole("flotilla");
        config.setAwsStsEndpoint(MOTO.endpoint().toString());
        config.setAwsRegion(MotoServer.REGION);
        config.setAwsServerId(SERVER_ID);
        return config;
    }

    private VaultSecretStore store(VaultConfig config, MotoIam.User user) {
        return new VaultSecretStore(config, clock, user::credentials);
    }

    @Test
    void logsInWithASignedGetCallerIdentityAndTheStoreWorks() {
        VaultSecretStore store = store(config(), appliance);

        store.put("clusters/c1/ca", Map.of("key", "PEM"));

        assertThat(vault.logins()).isEqualTo(1);
        assertThat(backend.lastCallerArn()).as("STS named the appliance's own identity").isEqualTo(appliance.arn());
        assertThat(store.get("clusters/c1/ca")).contains(Map.of("key", "PEM"));
        assertThat(store.describe()).contains("AWS IAM auth");
        assertThat(store.health().isUp()).isTrue();
    }

    @Test
    void logsInAgainWithAFreshSignatureWhenRenewalFails() {
        VaultSecretStore store = store(config(), appliance);
        store.put("x", Map.of("v", "1"));
        vault.allowRenewals(false);
        vault.revokeAll();
        clock.advance(Duration.ofSeconds(45));

        store.renewTokenIfDue();

        assertThat(vault.logins()).isEqualTo(2);
        assertThat(store.get("x")).contains(Map.of("v", "1"));
    }

    @Test
    void temporaryRoleCredentialsSignWithTheirSessionToken() {
        MOTO.iam().authOff();
        MotoIam.User host = MOTO.iam().createUser("instance-host", MotoIam.allow(List.of("sts:AssumeRole")));
        MotoIam.Role role = MOTO.iam().createRole("flotilla-appliance-role", new PolicyDocument(List.of(
                PolicyDocument.Statement.trust("Host", Map.of("AWS", host.arn()), "sts:AssumeRole", null))), null);
        MOTO.iam().authOn();
        Credentials session;
        try (StsClient sts = StsClient.builder().region(Region.of(MotoServer.REGION)).endpointOverride(MOTO.endpoint())
                .credentialsProvider(host.credentials()).build()) {
            session = sts.assumeRole(r -> r.roleArn(role.arn()).roleSessionName("i-0123456789")).credentials();
        }
        String assumedRoleArn = "arn:aws:sts::" + MotoIam.ACCOUNT + ":assumed-role/flotilla-appliance-role/i-0123456789";
        vault.enableLogin("aws", new FakeVaultAwsIamAuth("flotilla", assumedRoleArn, SERVER_ID), 60);
        VaultSecretStore store = new VaultSecretStore(config(), clock, () -> StaticCredentialsProvider.create(
                AwsSessionCredentials.create(session.accessKeyId(), session.secretAccessKey(), session.sessionToken())));

        store.put("x", Map.of("v", "1"));

        assertThat(vault.logins()).as("an instance role's or IRSA's credentials are session credentials").isEqualTo(1);
    }

    @Test
    void aTamperedBodyOrSignatureIsRefusedBySts() throws Exception {
        AwsIamLoginRequest signed = AwsIamLoginRequest.sign(config(), appliance.credentials());
        String otherBody = base64("Action=GetCallerIdentity&Version=2011-06-15&Tampered=1");
        String headers = new String(Base64.getDecoder().decode(signed.headers()), StandardCharsets.UTF_8);
        String otherHash = base64(headers.replaceAll("(\"x-amz-content-sha256\":\\[\")[0-9a-f]+",
                "$1" + sha256Hex("Action=GetCallerIdentity&Version=2011-06-15&Tampered=1")));
        int at = headers.indexOf("Signature=") + "Signature=".length();
        String otherSignature = base64(headers.substring(0, at) + (headers.charAt(at) == '0' ? '1' : '0') + headers.substring(at + 1));
        var anonymous = VaultClients.create(config(), null);

        String[][] cases = {
            {"body changed after signing", otherBody, signed.headers(), "XAmzContentSHA256Mismatch"},
            {"body and its signed hash changed", otherBody, otherHash, "SignatureDoesNotMatch"},
            {"signature changed", signed.body(), otherSignature, "SignatureDoesNotMatch"}};
        for (String[] tampered : cases) {
            assertThatThrownBy(() -> anonymous.auth().loginByAwsIam("flotilla", signed.url(), tampered[1], tampered[2], "aws"))
                    .as(tampered[0]).isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.getHttpStatusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains(tampered[3]);
                    });
        }
        assertThat(anonymous.auth().loginByAwsIam("flotilla", signed.url(), signed.body(), signed.headers(), "aws")
                .getAuthClientToken()).as("the untouched request passes").isNotBlank();
        assertThat(vault.logins()).isEqualTo(1);
    }

    @Test
    void aWrongSecretKeyIsRefusedAndReportedAsUnavailable() {
        MotoIam.User forged = new MotoIam.User(appliance.name(), appliance.arn(), appliance.accessKeyId(), "not-the-secret");
        VaultSecretStore store = store(config(), forged);

        assertThatThrownBy(() -> store.put("x", Map.of("v", "1"))).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE));
        assertThat(vault.logins()).isZero();
        assertThat(store.health().reason()).contains("HTTP 400");
    }

    @Test
    void anotherPrincipalIsNotBoundToTheRole() {
        MOTO.iam().authOff();
        MotoIam.User intruder = MOTO.iam().createUser("someone-else", null);
        MOTO.iam().authOn();

        assertThat(store(config(), intruder).health().isUp()).isFalse();
        assertThat(backend.lastCallerArn()).isEqualTo(intruder.arn());
        assertThat(vault.logins()).isZero();
    }

    @Test
    void withoutTheServerIdHeaderVaultRefuses() {
        VaultConfig config = config();
        config.setAwsServerId("");

        assertThat(store(config, appliance).health().isUp()).isFalse();
        assertThat(vault.logins()).isZero();
    }

    private static String sha256Hex(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
