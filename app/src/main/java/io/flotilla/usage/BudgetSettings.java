package io.flotilla.usage;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** How the usage engine watches budgets ({@code flotilla.usage.*}). */
@ConfigurationProperties("flotilla.usage")
public class BudgetSettings {
    /**
     * How often workspaces' monthly budgets are checked: warnings at 80 % and 100 %, and "stop at budget".
     * Env: FLOTILLA_USAGE_BUDGET_CHECK_INTERVAL.
     */
    private Duration budgetCheckInterval = Duration.ofMinutes(1);

    public Duration getBudgetCheckInterval() { return budgetCheckInterval; }
    public void setBudgetCheckInterval(Duration budgetCheckInterval) { this.budgetCheckInterval = budgetCheckInterval; }
}
