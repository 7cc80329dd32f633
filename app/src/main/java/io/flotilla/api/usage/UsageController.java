package io.flotilla.api.usage;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.json.Rfc3339;
import io.flotilla.error.ServiceException;
import io.flotilla.identity.Caller;
import io.flotilla.usage.CoresPoint;
import io.flotilla.usage.UsageGroup;
import io.flotilla.usage.UsageQuery;
import io.flotilla.usage.UsageReport;
import io.flotilla.usage.UsageService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Metered usage of a workspace and its estimated cost (members), as JSON or CSV. */
@Controller("/api/v1/workspaces/{workspace}/usage")
@Tag(name = "usage")
@DocumentedErrors
public class UsageController {
    private final UsageService usage;
    private final Clock clock;

    public UsageController(UsageService usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @Get(produces = {MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Metered vCPU-, GPU- and instance-hours and estimated cost, grouped (members)",
            description = "Usage is metered from instance lifetimes (launch to termination as the provider reports them),"
                    + " so it grows while clusters run. Costs are estimates at list price; costLabel says of which date."
                    + " With format=csv (or Accept: text/csv) every group is returned as CSV with a header row (an empty"
                    + " range gives only the header); JSON answers one page of groups and the totals over all.")
    @ApiResponse(responseCode = "200", description = "The report",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    public HttpResponse<?> report(@Parameter(hidden = true) Caller caller, String workspace,
                                  @Parameter(description = "Group by", schema = @Schema(allowableValues = {"user", "cluster",
                                          "workspace", "day", "month"}, defaultValue = "day")) @Nullable @QueryValue String by,
                                  @Parameter(description = "Start (inclusive): YYYY-MM-DD (UTC) or an ISO instant; default the first of this month",
                                          schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String since,
                                  @Parameter(description = "End (exclusive): YYYY-MM-DD (UTC) or an ISO instant; default now."
                                          + " Must be after since, at most 3660 days later",
                                          schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String until,
                                  @Parameter(description = "Only this user's clusters") @Nullable @QueryValue String user,
                                  @Parameter(description = "Only clusters of this name") @Nullable @QueryValue String cluster,
                                  @Parameter(schema = @Schema(minimum = "1", maximum = "1000", defaultValue = "100")) @Nullable @QueryValue Integer limit,
                                  @Parameter(schema = @Schema(minimum = "0", defaultValue = "0")) @Nullable @QueryValue Integer offset,
                                  @Parameter(description = "csv for CSV, else JSON", schema = @Schema(allowableValues = {"json", "csv"}))
                                  @Nullable @QueryValue String format,
                                  @Parameter(hidden = true) @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        UsageQuery query = usage.query(group(by), day("since", since), day("until", until), user, cluster, limit, offset);
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ServiceException.invalid("format", "format must be json or csv, not '" + format + "'.");
        }
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv")
                && !accept.contains(MediaType.APPLICATION_JSON));
        if (csv) {
            return HttpResponse.ok(usage.csv(caller, workspace, query)).contentType("text/csv; charset=utf-8")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"usage-" + workspace + "-"
                            + query.by().id() + ".csv\"");
        }
        return HttpResponse.ok(usage.report(caller, workspace, query)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(value = "/cores", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The vCPUs the workspace's instances held over time (members)",
            description = "One point every step from since to until (at most 2000 points, until at most now).")
    @ApiResponse(responseCode = "200", description = "The series",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, array = @ArraySchema(schema = @Schema(implementation = CoresPoint.class))))
    public List<CoresPoint> cores(@Parameter(hidden = true) Caller caller, String workspace,
                                  @Parameter(description = "ISO instant; default 24 hours ago", schema = @Schema(type = "string", format = "date-time"))
                                  @Nullable @QueryValue String since,
                                  @Parameter(description = "ISO instant; default now", schema = @Schema(type = "string", format = "date-time"))
                                  @Nullable @QueryValue String until,
                                  @Parameter(description = "30m, 1h, 1d or an ISO-8601 duration, at least one minute; default 1h",
                                          schema = @Schema(type = "string", defaultValue = "1h")) @Nullable @QueryValue String step) {
        Instant now = clock.instant();
        Instant to = until == null ? now : instant("until", until);
        Instant from = since == null ? to.minus(Duration.ofDays(1)) : instant("since", since);
        return usage.concurrentCores(caller, workspace, from, to, duration(step));
    }

    private static UsageGroup group(@Nullable String by) {
        try {
            return by == null ? null : UsageGroup.of(by.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("by", e.getMessage());
        }
    }

    /** A day (YYYY-MM-DD, UTC midnight) or an RFC 3339 date-time; an empty value is refused, not defaulted. */
    private static Instant day(String field, @Nullable String text) {
        if (text != null && text.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw ServiceException.invalid(field, field + " is not a calendar day: '" + text + "'.");
            }
        }
        return instant(field, text);
    }

    private static Instant instant(String field, @Nullable String text) {
        try {
            return text == null ? null : Rfc3339.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field, field + " must be a date (YYYY-MM-DD) or an RFC 3339 time such as"
                    + " 2026-12-01T00:00:00Z, not '" + text + "'.");
        }
    }

    /** Micronaut's duration syntax: 30m, 1h, 1d, or ISO-8601 (PT1H). */
    private static Duration duration(@Nullable String text) {
        if (text == null) {
            return Duration.ofHours(1);
        }
        return ConversionService.SHARED.convert(text.trim(), Duration.class).orElseThrow(() -> ServiceException.invalid(
                "step", "step must be like 30m, 1h, 1d or an ISO-8601 duration, not '" + text + "'."));
    }
}
