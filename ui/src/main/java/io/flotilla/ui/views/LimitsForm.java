package io.flotilla.ui.views;

import com.vaadin.flow.component.HasPlaceholder;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.shared.HasClearButton;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import io.flotilla.ui.session.ConsoleSession;
import io.flotilla.usage.LimitUse;
import io.flotilla.usage.LimitsService;
import io.flotilla.usage.LimitsUpdate;
import io.flotilla.usage.WorkspaceLimits;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A workspace's limits with this month's use beside each: the workspace's admins change and save them (through
 * {@link LimitsService}, which checks the caller and audits the change); members see them read-only. An empty field
 * is no limit.
 */
class LimitsForm extends VerticalLayout {
    private final transient LimitsService limits;
    private final BigDecimalField cpuHours = new BigDecimalField("CPU-hours per month");
    private final BigDecimalField gpuHours = new BigDecimalField("GPU-hours per month");
    private final IntegerField maxCores = new IntegerField("Max concurrent cores");
    private final IntegerField maxClusters = new IntegerField("Max clusters per user");
    private final Checkbox stopAtBudget = new Checkbox("Stop running clusters when a monthly budget is used up");
    private final Paragraph hint = new Paragraph();
    private final Button save = new Button("Save limits", e -> save());
    private final transient Consumer<WorkspaceLimits> onSaved;
    private String workspace;

    /** {@code onSaved} gets the limits as saved (the page then redraws its banner and the cores chart). */
    LimitsForm(LimitsService limits, Consumer<WorkspaceLimits> onSaved) {
        this.limits = limits;
        this.onSaved = onSaved;
        setId("limitsForm");
        setPadding(false);
        cpuHours.setId("limitCpuHours");
        gpuHours.setId("limitGpuHours");
        maxCores.setId("limitMaxCores");
        maxClusters.setId("limitMaxClusters");
        stopAtBudget.setId("limitStopAtBudget");
        hint.setId("limitsHint");
        save.setId("saveLimitsButton");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        maxCores.setMin(1);
        maxClusters.setMin(1);
        styleLimitField(cpuHours);
        styleLimitField(gpuHours);
        styleLimitField(maxCores);
        styleLimitField(maxClusters);
        HorizontalLayout fields = new HorizontalLayout(cpuHours, gpuHours, maxCores, maxClusters);
        fields.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        fields.getStyle().set("flex-wrap", "wrap");
        add(new H3("Limits"), hint, fields, stopAtBudget, save);
    }

    /** Shows {@code current} for {@code workspace}: editable when the caller may change it. */
    void show(String workspace, WorkspaceLimits current) {
        this.workspace = workspace;
        cpuHours.setValue(current.cpuHoursPerMonth());
        gpuHours.setValue(current.gpuHoursPerMonth());
        maxCores.setValue(current.maxConcurrentCores());
        maxClusters.setValue(current.maxClustersPerUser());
        stopAtBudget.setValue(current.stopAtBudget());
        LimitUse use = current.use();
        cpuHours.setHelperText("used " + number(use.cpuHoursThisMonth()) + " in " + current.month());
        gpuHours.setHelperText("used " + number(use.gpuHoursThisMonth()) + " in " + current.month());
        maxCores.setHelperText(use.concurrentCores() + " running now");
        maxClusters.setHelperText("you have " + use.yourActiveClusters() + " active");
        boolean edit = current.canEdit();
        List.<HasValue<?, ?>>of(cpuHours, gpuHours, maxCores, maxClusters, stopAtBudget).forEach(f -> f.setReadOnly(!edit));
        save.setVisible(edit);
        hint.setText(edit ? "Leave a field empty for no limit. At 80 % of a limit members are warned; at 100 % new"
                + " clusters and scale-ups are refused." : "Only admins of this workspace can change its limits.");
    }

    private void save() {
        if (cpuHours.isInvalid() || gpuHours.isInvalid() || maxCores.isInvalid() || maxClusters.isInvalid()) {
            Feedback.error("Correct the marked limits first: numbers of at least 0 (cores and clusters: whole numbers"
                    + " of at least 1), or empty for no limit.");
            return;
        }
        LimitsUpdate update = new LimitsUpdate(cpuHours.getValue(), gpuHours.getValue(), maxCores.getValue(),
                maxClusters.getValue(), stopAtBudget.getValue());
        Feedback.call(() -> limits.set(ConsoleSession.requireCaller(), workspace, update)).ifPresent(saved -> {
            Feedback.success("Saved the limits of " + workspace + ".");
            show(workspace, saved);
            onSaved.accept(saved);
        });
    }

    private static <F extends HasSize & HasPlaceholder & HasClearButton> void styleLimitField(F field) {
        field.setWidth("13em");
        field.setPlaceholder("no limit");
        field.setClearButtonVisible(true);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
