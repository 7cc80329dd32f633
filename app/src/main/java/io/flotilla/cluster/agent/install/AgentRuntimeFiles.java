package io.flotilla.cluster.agent.install;

import io.flotilla.error.ServiceException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a stock-image instance downloads to install the agent: the install script ({@code agent/install.sh}, the
 * same script the Packer worker build runs) and the files its manifest lists, each with its SHA-256: the pinned
 * runtime ({@code runtime/requirements.txt}), the cloud extras ({@code agent/requirements-aws.txt},
 * {@code agent/requirements-gcp.txt}), the agent's
 * systemd unit ({@code agent/flotilla-agent.service}, the file {@code packer/files} bakes), the appliance's own
 * flotilla wheel and, when {@code flotilla.agent.install.wheelhouse} is set, every wheel there (instances then
 * install offline). Manifest lines: the index ({@link InstancePackageIndex}: {@code index-url <url>|none}, with a
 * workspace's private index {@code index-auth} and {@code fallback-index-url}) and {@code file <sha256> <name>}.
 */
@Singleton
public class AgentRuntimeFiles {
    static final String INSTALL_SCRIPT = "agent/install.sh";
    private static final Map<String, String> BUNDLED = Map.of(
            "requirements.txt", "runtime/requirements.txt",
            "requirements-aws.txt", "agent/requirements-aws.txt",
            "requirements-gcp.txt", "agent/requirements-gcp.txt",
            "flotilla-agent.service", "agent/flotilla-agent.service");
    private static final Pattern WHEEL = Pattern.compile("[A-Za-z0-9_.+!-]+\\.whl");
    private final AgentInstallConfig config;
    private final InstancePackageIndex index;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    public AgentRuntimeFiles(AgentInstallConfig config, InstancePackageIndex index) {
        this.config = config;
        this.index = index;
    }

    /** The install script. */
    public byte[] installScript() {
        return resource(INSTALL_SCRIPT);
    }

    /** The manifest install.sh reads, for an instance of a cluster of this workspace. */
    public String manifest(UUID workspaceId) {
        StringBuilder text = new StringBuilder("# Flotilla agent runtime: file <sha256> <name>, fetched from this route's /<name>\n");
        text.append(index.manifestLines(workspaceId));
        files().forEach((name, source) -> text.append("file ").append(hash(name, source)).append(' ').append(name).append('\n'));
        return text.toString();
    }

    /** One file of the manifest: classpath bytes or a wheelhouse path; empty for a name it does not list. */
    public Optional<Object> file(String name) {
        Object source = files().get(name);
        return Optional.ofNullable(source instanceof String resource ? resource(resource) : source);
    }

    /** Name to source: a classpath resource (String) or a wheelhouse file (Path), in manifest order. */
    private Map<String, Object> files() {
        Map<String, Object> files = new LinkedHashMap<>();
        BUNDLED.keySet().stream().sorted().forEach(name -> files.put(name, BUNDLED.get(name)));
        String wheel = new String(resource("runtime/flotilla-wheel.txt"), StandardCharsets.UTF_8).trim();
        files.put(wheel, "runtime/" + wheel);
        Path wheelhouse = config.getWheelhouse();
        if (wheelhouse != null) {
            try (Stream<Path> listed = Files.list(wheelhouse)) {
                listed.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> WHEEL.matcher(n).matches() && !n.startsWith("flotilla-")).sorted()
                        .forEach(n -> files.putIfAbsent(n, wheelhouse.resolve(n)));
            } catch (IOException e) {
                throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "wheelhouse_unreadable",
                        "The wheelhouse for instances (flotilla.agent.install.wheelhouse) cannot be read.",
                        Map.of("wheelhouse", wheelhouse.toString()));
            }
        }
        return files;
    }

    private String hash(String name, Object source) {
        try {
            if (source instanceof Path path) {
                String key = path + "@" + Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
                return hashes.computeIfAbsent(key, k -> sha256(read(path)));
            }
            return hashes.computeIfAbsent("classpath:" + name, k -> sha256(resource((String) source)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AgentRuntimeFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the appliance's classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
