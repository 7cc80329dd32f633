package io.flotilla.environment.builder;

import io.micronaut.core.annotation.Nullable;

/** Where a private package index is; toString hides the password. */
public record PackageIndex(String url, @Nullable String username, @Nullable String password) {
    @Override
    public String toString() {
        return "PackageIndex[url=" + url + ", username=" + username + ", password hidden]";
    }
}
