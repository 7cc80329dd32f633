package io.flotilla.usage;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** One page of a usage report, its totals, and the label every cost estimate carries. */
@Serdeable
public record UsageReport(String by, Instant since, Instant until, List<UsageRow> items, long total,
                          UsageTotals totals, String currency, String costLabel) {
}
