package io.flotilla.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.identity.Caller;
import io.flotilla.usage.notices.UsageSettings;
import io.flotilla.usage.notices.UsageSettingsChange;
import io.flotilla.usage.notices.UsageSettingsService;
import io.flotilla.ui.session.ConsoleSession;

/**
 * A workspace's usage settings, embeddable in any page: idle-GPU threshold and time, the notice webhook, whether
 * task prefixes are collected, and what the scheduler plugin collects. Workspace admins edit; members read.
 */
public class UsageSettingsPanel extends VerticalLayout {
    private final transient UsageSettingsService service;
    private final IntegerField threshold = new IntegerField("Idle GPU below (%)");
    private final IntegerField minutes = new IntegerField("for (minutes)");
    private final TextField webhook = new TextField("Webhook URL");
    private final Checkbox prefixes = new Checkbox("Collect task prefixes");
    private final UnorderedList collected = new UnorderedList();
    private final Span secret = new Span();
    private final Paragraph hint = new Paragraph();
    private final Button save = new Button("Save", e -> save());
    private String workspace;

    public UsageSettingsPanel(UsageSettingsService service) {
        this.service = service;
        setId("usageSettingsPanel");
        threshold.setId("idleGpuThreshold");
        threshold.setMin(UsageSettingsChange.MIN_THRESHOLD);
        threshold.setMax(UsageSettingsChange.MAX_THRESHOLD);
        minutes.setId("idleGpuMinutes");
        minutes.setMin(UsageSettingsChange.MIN_MINUTES);
        minutes.setMax(UsageSettingsChange.MAX_MINUTES);
        webhook.setId("webhookUrl");
        webhook.setWidthFull();
        webhook.setHelperText("https (or http to this machine); notices are POSTed there, signed with X-Flotilla-Signature");
        prefixes.setId("collectTaskPrefixes");
        collected.setId("collectedFields");
        secret.setId("webhookSecret");
        save.setId("saveUsageSettings");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new H3("Usage settings"), hint, threshold, minutes, webhook, prefixes, save, secret,
                new Paragraph("The scheduler plugin reports:"), collected);
    }

    /** Shows the workspace's settings, editable when the signed-in user administers it. */
    public void show(String workspace, boolean admin) {
        this.workspace = workspace;
        Caller caller = ConsoleSession.requireCaller();
        Feedback.call(() -> service.get(caller, workspace)).ifPresent(this::fill);
        for (var field : java.util.List.of(threshold, minutes)) {
            field.setReadOnly(!admin);
        }
        webhook.setReadOnly(!admin);
        prefixes.setReadOnly(!admin);
        save.setVisible(admin);
        hint.setText(admin ? "As an admin of " + workspace + " you can change these."
                : "Only admins of " + workspace + " can change these.");
    }

    private void fill(UsageSettings settings) {
        threshold.setValue(settings.idleGpuThresholdPercent());
        minutes.setValue(settings.idleGpuMinutes());
        webhook.setValue(settings.webhookUrl() == null ? "" : settings.webhookUrl());
        prefixes.setValue(settings.collectTaskPrefixes());
        collected.removeAll();
        settings.collected().forEach(item -> collected.add(new ListItem(item)));
        secret.setText(settings.webhookSecret() == null ? ""
                : "New webhook secret (shown only now; store it): " + settings.webhookSecret());
    }

    private void save() {
        String url = webhook.getValue() == null || webhook.getValue().isBlank() ? null : webhook.getValue().trim();
        Feedback.call(() -> service.update(ConsoleSession.requireCaller(), workspace, new UsageSettingsChange(
                threshold.getValue(), minutes.getValue(), url, prefixes.getValue(), false))).ifPresent(this::fill);
    }
}
