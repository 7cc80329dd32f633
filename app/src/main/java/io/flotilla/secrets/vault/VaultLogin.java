package io.flotilla.secrets.vault;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One login at Vault with the configured method that logs in ({@link VaultAuthMethod#logsIn()}): AppRole with its
 * role and secret id, or, without any configured secret, AWS IAM (a signed GetCallerIdentity from the default AWS
 * credentials chain, e.g. the instance role or IRSA), GCP (the GCE metadata server's identity token) or Kubernetes
 * (the pod's service account token). Answers the auth response; a refusal is a {@link VaultException}.
 */
final class VaultLogin {
    private final VaultConfig config;
    private final Supplier<AwsCredentialsProvider> awsCredentials;

    VaultLogin(VaultConfig config, Supplier<AwsCredentialsProvider> awsCredentials) {
        this.config = config;
        this.awsCredentials = awsCredentials;
    }

    /** A login that could not even be attempted: no role, no identity token, no AWS credentials. Status 0. */
    static final class Failure extends VaultException {
        Failure(String message) {
            super(message);
        }
    }

    AuthResponse login(Vault anonymous) throws VaultException {
        VaultAuthMethod method = config.method();
        String mount = config.effectiveAuthMount();
        AuthResponse auth = switch (method) {
            case APPROLE -> anonymous.auth().loginByAppRole(mount, config.getRoleId(), config.getSecretId());
            case AWS -> {
                AwsIamLoginRequest request;
                try {
                    request = AwsIamLoginRequest.sign(config, awsCredentials.get());
                } catch (SdkException e) {
                    throw new Failure("No AWS credentials to sign Vault's AWS IAM login (the default chain: instance role, "
                            + "IRSA web identity, environment): " + e.getMessage());
                }
                yield anonymous.auth().loginByAwsIam(role(method), request.url(), request.body(), request.headers(), mount);
            }
            case GCP -> anonymous.auth().loginByJwt(mount, role(method), new GceIdentityToken(config).fetch(role(method)));
            case KUBERNETES -> anonymous.auth().loginByJwt(mount, role(method), serviceAccountToken());
            case TOKEN -> throw new IllegalStateException("token auth does not log in");
        };
        int status = auth.getRestResponse().getStatus();
        if (status != 200 || auth.getAuthClientToken() == null) {
            throw new VaultException(label(method) + " login answered HTTP " + status, status);
        }
        return auth;
    }

    /** The method's name in messages. */
    static String label(VaultAuthMethod method) {
        return switch (method) {
            case TOKEN -> "token";
            case APPROLE -> "AppRole";
            case AWS -> "AWS IAM";
            case GCP -> "GCP";
            case KUBERNETES -> "Kubernetes";
        };
    }

    private String role(VaultAuthMethod method) throws VaultException {
        if (config.getAuthRole() == null || config.getAuthRole().isBlank()) {
            throw new Failure("Vault's " + label(method) + " auth needs flotilla.vault.auth-role (FLOTILLA_VAULT_AUTH_ROLE)");
        }
        return config.getAuthRole();
    }

    private String serviceAccountToken() throws VaultException {
        try {
            return Files.readString(Path.of(config.getKubernetesTokenPath())).strip();
        } catch (IOException e) {
            throw new Failure("The Kubernetes service account token " + config.getKubernetesTokenPath()
                    + " cannot be read: " + e.getMessage());
        }
    }
}
