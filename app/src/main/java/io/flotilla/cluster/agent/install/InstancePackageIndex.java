package io.flotilla.cluster.agent.install;

import io.flotilla.environment.PackageIndexSecrets;
import io.flotilla.environment.builder.PackageIndex;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which package index a stock-image instance installs the agent's runtime from, as runtime manifest lines. By
 * precedence: {@code index-url none} when the appliance serves a wheelhouse (air-gapped); else the private index of
 * the cluster's workspace ({@link PackageIndexSecrets}) as {@code index-url <url>}, its credentials as
 * {@code index-auth <base64 of username:password>} and the appliance's index as {@code fallback-index-url <url>}
 * (asked for what the private index lacks, as builds do); else {@code index-url <flotilla.agent.install.index-url>}.
 * The lines carry the workspace's credentials: they are served only to an instance's unspent bootstrap token and
 * never logged.
 */
@Singleton
public class InstancePackageIndex {
    private static final Pattern ONE_WORD = Pattern.compile("\\S+");
    private final AgentInstallConfig config;
    private final PackageIndexSecrets workspaceIndexes;

    public InstancePackageIndex(AgentInstallConfig config, PackageIndexSecrets workspaceIndexes) {
        this.config = config;
        this.workspaceIndexes = workspaceIndexes;
    }

    /** The manifest's index lines, each ending in a newline, for an instance of a cluster of this workspace. */
    public String manifestLines(UUID workspaceId) {
        if (config.getWheelhouse() != null) {
            return "index-url none\n";
        }
        Optional<PackageIndex> workspace = workspaceIndexes.forWorkspace(workspaceId).filter(i -> ONE_WORD.matcher(i.url()).matches());
        if (workspace.isEmpty()) {
            return "index-url " + config.getIndexUrl() + "\n";
        }
        PackageIndex index = workspace.get();
        StringBuilder lines = new StringBuilder("index-url ").append(index.url()).append('\n');
        if (index.username() != null || index.password() != null) {
            String credentials = nullToEmpty(index.username()) + ":" + nullToEmpty(index.password());
            lines.append("index-auth ").append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        if (config.getIndexUrl() != null && ONE_WORD.matcher(config.getIndexUrl()).matches()) {
            lines.append("fallback-index-url ").append(config.getIndexUrl()).append('\n');
        }
        return lines.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
