package io.flotilla.ui.views;

import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import io.flotilla.environment.BuildLogPage;
import io.flotilla.environment.BuildView;
import io.flotilla.environment.EnvironmentLogs;
import io.flotilla.error.ServiceException;
import io.flotilla.ui.session.ConsoleSession;

import java.util.UUID;

/**
 * The log of one build of a software environment, read on and on while the build runs ({@link #poll} on every
 * refresh of the page, only the new lines). A failed build shows its failure first: the sentence and the
 * installer's own last lines, above the whole log.
 */
class BuildLogPanel extends VerticalLayout {
    /** Most lines read in one refresh (the log's reader pages by {@code EnvironmentLogs.MAX_LINES} lines). */
    private static final int PAGES_PER_REFRESH = 4;
    private final transient EnvironmentLogs logs;
    private final Span title = new Span();
    private final Pre failure = new Pre();
    private final TextArea text = new TextArea();
    private final StringBuilder shown = new StringBuilder();
    private String workspace;
    private String environment;
    private UUID buildId;
    private int next;
    private boolean finished;

    BuildLogPanel(EnvironmentLogs logs) {
        this.logs = logs;
        setId("buildLogPanel");
        setPadding(false);
        title.setId("buildLogTitle");
        title.getStyle().set("font-weight", "600");
        failure.setId("buildFailure");
        failure.getStyle().set("color", "var(--lumo-error-text-color)").set("background", "var(--lumo-error-color-10pct)")
                .set("padding", "var(--lumo-space-s)").set("white-space", "pre-wrap").set("margin", "0").set("width", "100%");
        failure.setVisible(false);
        text.setId("buildLogText");
        text.setReadOnly(true);
        text.setWidthFull();
        text.setHeight("28em");
        text.getStyle().set("--lumo-font-family", "monospace").set("font-family", "monospace")
                .set("--vaadin-input-field-value-font-size", "var(--lumo-font-size-s)");
        add(title, failure, text);
    }

    /** Shows the log of {@code build} (from its first line when it is another build than the one shown). */
    void show(String workspaceName, String environmentName, BuildView build) {
        if (!build.id().equals(buildId) || !environmentName.equals(environment)) {
            workspace = workspaceName;
            environment = environmentName;
            buildId = build.id();
            next = 0;
            finished = false;
            shown.setLength(0);
            text.clear();
        }
        title.setText("Build " + build.id() + " (" + build.state() + ")");
        failure.setText(build.failure() == null ? "" : "Build failed: " + build.failure());
        failure.setVisible("failed".equals(build.state()) && build.failure() != null);
        poll();
    }

    /** The id of the build shown, or null. */
    UUID buildId() {
        return buildId;
    }

    /** Reads the lines written since the last call, unless the build finished and all were read. */
    void poll() {
        if (buildId == null || finished) {
            return;
        }
        try {
            for (int page = 0; page < PAGES_PER_REFRESH; page++) {
                BuildLogPage read = logs.read(ConsoleSession.requireCaller(), workspace, environment, buildId, next, false, 0);
                read.lines().forEach(line -> shown.append(shown.isEmpty() ? "" : "\n").append(line));
                next = read.next();
                finished = read.finished();
                if (read.lines().isEmpty() || finished) {
                    break;
                }
            }
        } catch (ServiceException e) {
            Feedback.error(e.getMessage());
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!shown.toString().equals(text.getValue())) {
            text.setValue(shown.toString());
        }
    }
}
