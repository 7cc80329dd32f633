package io.flotilla.secrets.vault;

import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vault login keys of application.yml: their documented defaults, and the auth method each setting selects. */
class VaultConfigDefaultsTest {
    private static PropertySourcePropertyResolver settings() throws IOException {
        try (InputStream yaml = VaultConfigDefaultsTest.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> values = new YamlPropertySourceLoader().read("application", yaml);
            return new PropertySourcePropertyResolver(PropertySource.of("application", values));
        }
    }

    @Test
    void theDocumentedDefaults() throws IOException {
        PropertySourcePropertyResolver settings = settings();
        assertThat(settings.getProperty("flotilla.vault.aws-sts-endpoint", String.class)).contains("https://sts.amazonaws.com");
        assertThat(settings.getProperty("flotilla.vault.aws-region", String.class)).contains("us-east-1");
        assertThat(settings.getProperty("flotilla.vault.gcp-metadata-host", String.class)).contains("metadata.google.internal");
        assertThat(settings.getProperty("flotilla.vault.kubernetes-token-path", String.class))
                .contains("/var/run/secrets/kubernetes.io/serviceaccount/token");
        assertThat(settings.getProperty("flotilla.vault.auth-method", String.class).orElse("")).isEmpty();
    }

    @Test
    void theMethodFollowsTheSettings() {
        VaultConfig config = new VaultConfig();
        assertThat(config.method()).isEqualTo(VaultAuthMethod.TOKEN);
        config.setRoleId("role");
        assertThat(config.method()).isEqualTo(VaultAuthMethod.APPROLE);
        assertThat(config.effectiveAuthMount()).isEqualTo("approle");
        config.setAuthMethod(" AWS ");
        assertThat(config.method()).as("an explicit method wins over a role id").isEqualTo(VaultAuthMethod.AWS);
        assertThat(config.effectiveAuthMount()).isEqualTo("aws");
        config.setAuthMount("/aws-prod/");
        assertThat(config.effectiveAuthMount()).isEqualTo("aws-prod");
    }
}
