package io.flotilla.ui.views;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.flotilla.identity.Caller;
import io.flotilla.ui.session.ConsoleSession;
import io.flotilla.usage.LimitsService;
import io.flotilla.usage.UsageGroup;
import io.flotilla.usage.UsageQuery;
import io.flotilla.usage.UsageReport;
import io.flotilla.usage.UsageRow;
import io.flotilla.usage.UsageService;
import io.flotilla.usage.WorkspaceLimits;
import io.micronaut.context.annotation.Prototype;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * The selected workspace's metered usage: a banner when a limit is near (80 %) or reached, three charts drawn on the
 * server ({@link UsageCharts}, PNG), the report as a table (the same rows as {@code GET .../usage}) with the cost's
 * label under it, and the limits ({@link LimitsForm}: admins edit, members read).
 */
@Prototype
@Route(value = "usage", layout = MainLayout.class)
@PageTitle("Usage | Flotilla")
public class UsageView extends VerticalLayout implements BeforeEnterObserver {
    /** Rows the table shows (the rest: flotilla usage, the CSV or the REST report). */
    static final int TABLE_ROWS = 500;
    private final transient UsageService usage;
    private final transient LimitsService limits;
    private final transient Clock clock;
    private final H2 title = new H2("Usage");
    private final UsageBanner banner = new UsageBanner();
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To (inclusive)");
    private final Select<UsageGroup> by = new Select<>();
    private final Image dailyChart = chart("chartDailyCpu", "CPU-hours per day, by user");
    private final Image costChart = chart("chartMonthlyCost", "Estimated cost per month");
    private final Image coresChart = chart("chartCores", "Concurrent cores against the limit");
    private final Grid<UsageRow> table = new Grid<>();
    private final Paragraph shown = new Paragraph();
    private final Paragraph totals = new Paragraph();
    private final Paragraph costLabel = new Paragraph();
    private final LimitsForm limitsForm;
    private String workspace;

    public UsageView(UsageService usage, LimitsService limits, Clock clock) {
        this.usage = usage;
        this.limits = limits;
        this.clock = clock;
        this.limitsForm = new LimitsForm(limits, saved -> refresh());
        setId("usageView");
        from.setId("usageFrom");
        to.setId("usageTo");
        by.setId("usageBy");
        by.setLabel("Table rows by");
        by.setItems(UsageGroup.values());
        by.setItemLabelGenerator(g -> g.name().toLowerCase(Locale.ROOT));
        by.setValue(UsageGroup.USER);
        from.addValueChangeListener(e -> refreshIfFromClient(e.isFromClient()));
        to.addValueChangeListener(e -> refreshIfFromClient(e.isFromClient()));
        by.addValueChangeListener(e -> refreshIfFromClient(e.isFromClient()));
        HorizontalLayout controls = new HorizontalLayout(from, to, by);
        controls.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        FlexLayout charts = new FlexLayout(dailyChart, costChart, coresChart);
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.getStyle().set("gap", "var(--lumo-space-m)");
        configureTable();
        shown.setId("usageShown");
        totals.setId("usageTotals");
        costLabel.setId("usageCostLabel");
        costLabel.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        add(title, banner, controls, charts, table, shown, totals, costLabel, limitsForm);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        workspace = ConsoleSession.workspace().orElse(null);
        if (workspace == null) {
            event.forwardTo(TokensView.class);
            return;
        }
        title.setText("Usage of " + workspace);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        from.setMax(today);
        to.setMax(today);
        from.setValue(today.withDayOfMonth(1));
        to.setValue(today);
        refresh();
    }

    private void refreshIfFromClient(boolean fromClient) {
        if (fromClient && workspace != null) {
            refresh();
        }
    }

    /** The period the page shows: from the first day's start to the end of the last day, or now when that is later. */
    private Optional<Instant[]> period() {
        Instant now = clock.instant();
        LocalDate first = from.getValue() == null ? LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1) : from.getValue();
        Instant since = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = to.getValue() == null ? now : to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (until.isAfter(now)) {
            until = now;
        }
        if (!until.isAfter(since)) {
            Feedback.error("Choose a From day before the To day (and not in the future).");
            return Optional.empty();
        }
        return Optional.of(new Instant[] {since, until});
    }

    private void refresh() {
        Optional<Instant[]> period = period();
        if (period.isEmpty()) {
            return;
        }
        Instant since = period.get()[0];
        Instant until = period.get()[1];
        Caller caller = ConsoleSession.requireCaller();
        Optional<WorkspaceLimits> current = Feedback.call(() -> limits.get(caller, workspace));
        current.ifPresent(l -> {
            banner.show(l.warnings());
            limitsForm.show(workspace, l);
        });
        Integer coreLimit = current.map(WorkspaceLimits::maxConcurrentCores).orElse(null);
        UsageGroup group = by.getValue() == null ? UsageGroup.USER : by.getValue();
        Feedback.call(() -> usage.report(caller, workspace, new UsageQuery(group, since, until, null, null, TABLE_ROWS, 0)))
                .ifPresent(this::showReport);
        UsageChartInputs inputs = new UsageChartInputs(usage, caller, workspace);
        Feedback.call(() -> inputs.dailyCpuHoursByUser(since, until)).ifPresent(png -> show(dailyChart, "daily-cpu-hours", png));
        Feedback.call(() -> inputs.monthlyCost(until)).ifPresent(png -> show(costChart, "monthly-cost", png));
        Feedback.call(() -> inputs.concurrentCores(since, until, coreLimit)).ifPresent(png -> show(coresChart, "cores", png));
    }

    private void showReport(UsageReport report) {
        table.setItems(report.items());
        shown.setText(report.items().size() < report.total()
                ? "Showing the first " + report.items().size() + " of " + report.total() + " rows; `flotilla usage --csv` gives all."
                : report.total() + (report.total() == 1 ? " row" : " rows") + " from " + Formats.minutes(report.since(), "")
                + " to " + Formats.minutes(report.until(), "") + ".");
        totals.setText("Total: " + hours(report.totals().vcpuHours()) + " vCPU-hours, " + hours(report.totals().gpuHours())
                + " GPU-hours, " + hours(report.totals().instanceHours()) + " instance-hours, estimated "
                + money(report.totals().estimatedCost()) + " " + report.currency() + ".");
        costLabel.setText("Cost: " + report.costLabel() + " (" + report.currency() + "), not an invoice.");
    }

    private void configureTable() {
        table.setId("usageGrid");
        table.setAllRowsVisible(true);
        table.addColumn(UsageRow::key).setHeader("Key").setAutoWidth(true);
        table.addColumn(r -> text(r.user())).setHeader("User").setAutoWidth(true);
        table.addColumn(r -> text(r.cluster())).setHeader("Cluster").setAutoWidth(true);
        table.addColumn(r -> hours(r.vcpuHours())).setHeader("vCPU-hours").setAutoWidth(true).setFlexGrow(0);
        table.addColumn(r -> hours(r.gpuHours())).setHeader("GPU-hours").setAutoWidth(true).setFlexGrow(0);
        table.addColumn(r -> hours(r.instanceHours())).setHeader("Instance-hours").setAutoWidth(true).setFlexGrow(0);
        table.addColumn(r -> money(r.estimatedCost())).setHeader("Estimated cost").setAutoWidth(true).setFlexGrow(0);
    }

    private static void show(Image image, String name, byte[] png) {
        image.setSrc(DownloadHandler.fromInputStream(event -> new DownloadResponse(new ByteArrayInputStream(png),
                name + ".png", "image/png", png.length)));
    }

    private static Image chart(String id, String alt) {
        Image image = new Image();
        image.setId(id);
        image.setAlt(alt);
        image.getElement().setAttribute("width", String.valueOf(UsageCharts.WIDTH));
        image.getElement().setAttribute("height", String.valueOf(UsageCharts.HEIGHT));
        image.getStyle().set("max-width", "100%").set("height", "auto").set("border", "1px solid var(--lumo-contrast-10pct)");
        return image;
    }

    /** Hours as the table and the API's clients show them: two decimals. */
    static String hours(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
