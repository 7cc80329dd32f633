package io.flotilla.provider.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.flotilla.error.ServiceException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The appliance's credentials in a GCP project, by credential mode: its own (Application Default Credentials: the
 * metadata server on a VM, workload identity on Kubernetes), an impersonated service account (short-lived tokens
 * from iamcredentials generateAccessToken, refreshed by the library), or a service-account key. Against a plain-http
 * endpoint (a local fake) the appliance's own credentials are none: a token is never sent in the clear.
 */
@Singleton
public class GcpCredentialSources {
    /** Scope of every token the appliance uses. */
    public static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
    private static final int IMPERSONATION_SECONDS = 3600;
    private final Supplier<GoogleCredentials> applicationDefault;
    @Nullable
    private final String iamEndpoint;

    @Inject
    public GcpCredentialSources(@Nullable @Value("${flotilla.gcp.iam-credentials-endpoint:}") String iamEndpoint) {
        this(GcpCredentialSources::applicationDefault, iamEndpoint);
    }

    /** For tests: other source credentials and iamcredentials endpoint. */
    public GcpCredentialSources(Supplier<GoogleCredentials> applicationDefault, @Nullable String iamEndpoint) {
        this.applicationDefault = applicationDefault;
        this.iamEndpoint = iamEndpoint == null || iamEndpoint.isBlank() ? null : iamEndpoint;
    }

    /** The appliance's own credentials for calls to this endpoint (none for a plain-http one). */
    public CredentialsProvider attached(@Nullable String computeEndpoint) {
        return GceProviders.defaultCredentials(computeEndpoint);
    }

    /** Tokens of the target service account, minted for the appliance's own identity (which needs roles/iam.serviceAccountTokenCreator on it). */
    public CredentialsProvider impersonate(String serviceAccount) {
        ImpersonatedCredentials.Builder builder = ImpersonatedCredentials.newBuilder()
                .setSourceCredentials(applicationDefault.get())
                .setTargetPrincipal(serviceAccount)
                .setScopes(SCOPES)
                .setLifetime(IMPERSONATION_SECONDS);
        if (iamEndpoint != null) {
            builder.setIamEndpointOverride(iamEndpoint);
        }
        return FixedCredentialsProvider.create(builder.build());
    }

    /** Credentials of a service-account key file's JSON. */
    public CredentialsProvider key(String keyJson) {
        return FixedCredentialsProvider.create(parseKey(keyJson).createScoped(SCOPES));
    }

    /** A key file's credentials; IllegalArgumentException when it is not a service-account key. */
    public static ServiceAccountCredentials parseKey(String keyJson) {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(keyJson.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a service-account key file (type service_account, with client_email,"
                    + " private_key_id and private_key)");
        }
    }

    private static GoogleCredentials applicationDefault() {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw ServiceException.unavailable("gcp_credentials_unavailable", "The appliance has no Google credentials of"
                    + " its own (no metadata server, workload identity or GOOGLE_APPLICATION_CREDENTIALS): " + e.getMessage(), null);
        }
    }
}
