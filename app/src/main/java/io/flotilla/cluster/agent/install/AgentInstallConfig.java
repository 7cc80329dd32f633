package io.flotilla.cluster.agent.install;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * Where instances booting a stock image install the agent's Python packages from ({@code flotilla.agent.install.*}):
 * the packages of the pinned runtime come from {@link #getIndexUrl() an index}, or, for air-gapped networks, only from
 * {@link #getWheelhouse() a wheelhouse} the appliance serves. The flotilla wheel always comes from the appliance.
 */
@ConfigurationProperties("flotilla.agent.install")
public class AgentInstallConfig {
    /** Python package index (PEP 503) instances install from. Env: FLOTILLA_AGENT_INSTALL_INDEX_URL. */
    private String indexUrl = "https://pypi.org/simple";
    /**
     * Directory of wheels (including uv's) the appliance serves to instances; when set, instances install from it
     * alone, without an index. Env: FLOTILLA_AGENT_INSTALL_WHEELHOUSE.
     */
    @Nullable
    private Path wheelhouse;

    public String getIndexUrl() {
        return indexUrl;
    }

    public void setIndexUrl(String indexUrl) {
        this.indexUrl = indexUrl == null ? null : indexUrl.trim();
    }

    @Nullable
    public Path getWheelhouse() {
        return wheelhouse;
    }

    public void setWheelhouse(@Nullable Path wheelhouse) {
        this.wheelhouse = wheelhouse == null || wheelhouse.toString().isBlank() ? null : wheelhouse;
    }
}
