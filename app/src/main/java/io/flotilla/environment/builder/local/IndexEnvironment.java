package io.flotilla.environment.builder.local;

import io.flotilla.environment.builder.PackageIndex;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables that point uv at the indexes: the appliance's mirror (if any) as the default index, the
 * workspace's private index as an extra index (uv asks it first), its credentials inside the URL. They reach uv in
 * its environment only: never on a command line, never in the log.
 */
final class IndexEnvironment {
    private IndexEnvironment() {
    }

    static Map<String, String> of(@Nullable PackageIndex index, @Nullable String applianceMirror) {
        Map<String, String> env = new HashMap<>();
        if (applianceMirror != null) {
            env.put("UV_DEFAULT_INDEX", applianceMirror);
        }
        if (index != null) {
            env.put("UV_EXTRA_INDEX_URL", withCredentials(index));
        }
        env.put("UV_NO_CONFIG", "1");
        return env;
    }

    static String withCredentials(PackageIndex index) {
        if (index.username() == null && index.password() == null) {
            return index.url();
        }
        try {
            URI uri = new URI(index.url());
            String user = encode(index.username() == null ? "" : index.username());
            String info = index.password() == null ? user : user + ":" + encode(index.password());
            return uri.getScheme() + "://" + info + "@" + uri.getRawAuthority().replaceFirst("^.*@", "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The workspace's PACKAGE_INDEX_URL is not a URL.");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
