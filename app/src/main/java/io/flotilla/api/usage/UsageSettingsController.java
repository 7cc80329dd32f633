package io.flotilla.api.usage;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.api.usage.UsageSettingsViews.SettingsView;
import io.flotilla.api.usage.UsageSettingsViews.UpdateRequest;
import io.flotilla.identity.Caller;
import io.flotilla.usage.notices.UsageSettingsService;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** A workspace's usage settings: idle-GPU notices, the notice webhook, the optional fields the plugin sends. */
@Controller("/api/v1/workspaces/{workspace}/usage-settings")
@Tag(name = "usage")
@DocumentedErrors
public class UsageSettingsController {
    private final UsageSettingsService settings;

    public UsageSettingsController(UsageSettingsService settings) {
        this.settings = settings;
    }

    @Get
    @Operation(summary = "The workspace's usage settings (members)")
    @ApiResponse(responseCode = "200", description = "The settings and what the plugin collects",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsView.class)))
    public SettingsView get(@Parameter(hidden = true) Caller caller, String workspace) {
        return SettingsView.of(settings.get(caller, workspace));
    }

    @Put
    @Operation(summary = "Replace the workspace's usage settings (workspace admins); a webhook secret is generated when"
            + " a URL is set where there was none, or with rotateWebhookSecret, and answered only this once")
    @ApiResponse(responseCode = "200", description = "The new settings (with webhookSecret when one was generated)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SettingsView.class)))
    public SettingsView put(@Parameter(hidden = true) Caller caller, String workspace, @Valid @Body UpdateRequest request) {
        return SettingsView.of(settings.update(caller, workspace, request.change()));
    }
}
