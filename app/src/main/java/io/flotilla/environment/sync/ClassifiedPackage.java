package io.flotilla.environment.sync;

import io.micronaut.core.annotation.Nullable;

/**
 * What package sync does with one package. level: critical, loose or ignore. action: pin (installed at exactly that
 * version), approximate (the nearest PyPI release), wheel (the uploaded wheel), substitute (the appliance's own
 * flotilla wheel) or skip (left out).
 */
public record ClassifiedPackage(String name, String version, PackageLevel level, String action,
                                @Nullable String pin, @Nullable String note) {
}
