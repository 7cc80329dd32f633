package io.flotilla.ui.views;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.flotilla.logs.LogLine;
import io.flotilla.logs.LogQuery;
import io.flotilla.logs.LogService;
import io.flotilla.ui.session.ConsoleSession;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster's latest log lines ({@value #LINES} at most), by role and a case-insensitive text filter,
 * read again on Refresh (or Enter in the filter).
 */
class ClusterLogsPanel extends VerticalLayout {
    /** How many of the newest matching lines are shown. */
    static final int LINES = 500;
    private static final String ALL = "all";
    private final transient LogService logs;
    private final Select<String> role = new Select<>();
    private final TextField filter = new TextField("Contains");
    private final Span summary = new Span();
    private final TextArea text = new TextArea();
    private String workspace;
    private String cluster;

    ClusterLogsPanel(LogService logs) {
        this.logs = logs;
        setId("logsPanel");
        setPadding(false);
        role.setId("logRole");
        role.setLabel("Role");
        role.setItems(ALL, "scheduler", "worker");
        role.setValue(ALL);
        role.addValueChangeListener(e -> load());
        filter.setId("logFilter");
        filter.setPlaceholder("text to look for");
        filter.setClearButtonVisible(true);
        filter.addKeyPressListener(Key.ENTER, e -> load());
        Button refresh = new Button("Refresh", e -> load());
        refresh.setId("logRefresh");
        summary.setId("logSummary");
        summary.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout bar = new HorizontalLayout(role, filter, refresh, summary);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        text.setId("logText");
        text.setReadOnly(true);
        text.setWidthFull();
        text.setHeight("28em");
        text.getStyle().set("--lumo-font-family", "monospace").set("font-family", "monospace")
                .set("--vaadin-input-field-value-font-size", "var(--lumo-font-size-s)");
        add(bar, text);
    }

    /** Shows the logs of {@code name} in {@code workspaceName}. */
    void show(String workspaceName, String name) {
        this.workspace = workspaceName;
        this.cluster = name;
        load();
    }

    private void load() {
        if (cluster == null) {
            return;
        }
        String selectedRole = ALL.equals(role.getValue()) ? null : role.getValue();
        String needle = filter.getValue().isBlank() ? null : filter.getValue().trim();
        LogQuery query = new LogQuery(selectedRole, null, null, null, needle, LINES);
        Feedback.call(() -> logs.read(ConsoleSession.requireCaller(), workspace, cluster, query)).ifPresent(this::display);
    }

    private void display(List<LogLine> lines) {
        text.setValue(lines.stream().map(l -> l.instance() + " | " + l.message()).collect(Collectors.joining("\n")));
        String count = lines.size() == 1 ? "1 matching line" : lines.size() + " matching lines";
        summary.setText(lines.size() == LINES ? "Newest " + count : lines.isEmpty() ? "No matching lines" : count);
    }
}
