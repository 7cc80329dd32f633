package io.flotilla.api.usage;

import io.flotilla.api.error.DocumentedErrors;
import io.flotilla.identity.Caller;
import io.flotilla.usage.LimitsService;
import io.flotilla.usage.LimitsUpdate;
import io.flotilla.usage.WorkspaceLimits;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A workspace's limits: monthly CPU- and GPU-hour budgets, concurrent cores, clusters per user, stop at budget. */
@Controller("/api/v1/workspaces/{workspace}/limits")
@Tag(name = "usage")
@DocumentedErrors
public class LimitsController {
    private final LimitsService limits;

    public LimitsController(LimitsService limits) {
        this.limits = limits;
    }

    @Get
    @Operation(summary = "The workspace's limits, its use this month and the warnings (members)",
            description = "A warning is given from 80 % of a limit on (level warning) and at 100 % (level reached: new"
                    + " clusters and scale-ups are refused with 409 usage_limit_reached).")
    public WorkspaceLimits get(@Parameter(hidden = true) Caller caller, String workspace) {
        return limits.get(caller, workspace);
    }

    @Put
    @Operation(summary = "Replace the workspace's limits (workspace admins)",
            description = "Every field is optional; a missing or null limit is no limit. Running clusters are left alone"
                    + " when a budget is used up, unless stopAtBudget is true: then they are stopped with reason 'budget reached'.")
    public WorkspaceLimits set(@Parameter(hidden = true) Caller caller, String workspace, @Body LimitsUpdate update) {
        return limits.set(caller, workspace, update);
    }
}
