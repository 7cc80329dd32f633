package io.flotilla.secrets;

import io.flotilla.testing.AppTestProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SecretStore} must do. Each subclass boots the appliance configured for one store
 * ({@code @MicronautTest(transactional = false)}, {@code @TestInstance(PER_CLASS)}) and hands the
 * injected bean to {@link #store()}.
 */
public abstract class SecretStoreContract extends AppTestProperties {

    /** The store the appliance chose. */
    protected abstract SecretStore store();

    /** The implementation the configuration must select. */
    protected abstract Class<? extends SecretStore> expectedType();

    private static String unique(String prefix) {
        return prefix + "/" + UUID.randomUUID();
    }

    @Test
    void configurationSelectsTheExpectedStore() {
        assertThat(store()).isInstanceOf(expectedType());
    }

    @Test
    void putThenGetReturnsTheSameData() {
        String path = unique("clusters") + "/ca";
        Map<String, String> data = Map.of("key", "-----BEGIN PRIVATE KEY-----\nMIIE…\n", "note", "ünïcødé ✓", "empty", "");
        store().put(path, data);
        assertThat(store().get(path)).contains(data);
    }

    @Test
    void putReplacesEveryKey() {
        String path = unique("workspaces");
        store().put(path, Map.of("a", "1", "b", "2"));
        store().put(path, Map.of("c", "3"));
        assertThat(store().get(path)).contains(Map.of("c", "3"));
    }

    @Test
    void missingPathIsEmpty() {
        assertThat(store().get(unique("nothing"))).isEmpty();
    }

    @Test
    void deleteRemovesTheSecretAndCanBeRepeated() {
        String path = unique("cloud");
        store().put(path, Map.of("access-key", "AKIA"));
        store().delete(path);
        assertThat(store().get(path)).isEmpty();
        store().delete(path);
    }

    @Test
    void pathsDoNotLeakIntoEachOther() {
        String base = unique("w");
        store().put(base + "/s", Map.of("v", "short"));
        store().put(base + "/s2", Map.of("v", "long"));
        assertThat(store().get(base + "/s")).contains(Map.of("v", "short"));
        assertThat(store().get(base + "/s2")).contains(Map.of("v", "long"));
    }

    @Test
    void largeValuesSurvive() {
        String path = unique("big");
        String value = "x".repeat(64 * 1024);
        store().put(path, Map.of("value", value));
        assertThat(store().get(path)).contains(Map.of("value", value));
    }

    @Test
    void badPathsAndNullValuesAreRejected() {
        for (String bad : new String[]{"/abs", "a//b", "../up", "a/./b", "trailing/", "sp ace"}) {
            assertThatThrownBy(() -> store().get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        java.util.HashMap<String, String> withNull = new java.util.HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> store().put(unique("n"), withNull)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthIsUp() {
        assertThat(store().health().isUp()).as(store().health().reason()).isTrue();
    }
}
