package io.flotilla.ui.views;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The usage page's charts, drawn on the server with XChart as PNG images of a fixed size ({@link #WIDTH} ×
 * {@link #HEIGHT} pixels), so the console needs no charting code in the browser. Inputs are plain values: the view
 * turns the usage reports into them.
 */
final class UsageCharts {
    /** Width of every chart image, in pixels. */
    static final int WIDTH = 800;
    /** Height of every chart image, in pixels. */
    static final int HEIGHT = 320;
    /** The colour of a limit line. */
    static final Color LIMIT_COLOR = new Color(0xD3, 0x2F, 0x2F);

    static {
        System.setProperty("java.awt.headless", "true"); // an appliance has no display
    }

    private UsageCharts() {
    }

    /**
     * Stacked bars: one bar per day, one colour per user. {@code hoursByUser} maps each user to their CPU-hours per day,
     * in the order of {@code days}; no user gives one empty series ("no usage") so the axes still show the period.
     */
    static byte[] dailyCpuHoursByUser(List<String> days, Map<String, List<Double>> hoursByUser) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("CPU-hours per day, by user").yAxisTitle("vCPU-hours").build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setXAxisLabelRotation(days.size() > 10 ? 45 : 0);
        List<String> x = days.isEmpty() ? List.of("—") : days;
        if (hoursByUser.isEmpty()) {
            chart.addSeries("no usage", x, x.stream().map(d -> 0.0).toList());
        }
        hoursByUser.forEach((user, hours) -> chart.addSeries(user, x, hours.isEmpty() ? List.of(0.0) : hours));
        return png(chart);
    }

    /** Bars of the estimated cost per month ({@code months} as YYYY-MM), with the cost's label as the axis title. */
    static byte[] monthlyCost(List<String> months, List<Double> costs, String currency, String costLabel) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Estimated cost per month (" + currency + ")").yAxisTitle(currency)
                .xAxisTitle(costLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("cost", months.isEmpty() ? List.of("—") : months, costs.isEmpty() ? List.of(0.0) : costs);
        return png(chart);
    }

    /**
     * Concurrent cores as a step line over time, and the workspace's limit as a horizontal line across the period
     * when there is one ({@code limit} null: no limit). {@code at} and {@code cores} have the same length.
     */
    static byte[] concurrentCores(List<Instant> at, List<Integer> cores, Integer limit, Instant since, Instant until) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Concurrent cores").yAxisTitle("cores").build();
        style(chart.getStyler());
        chart.getStyler().setDatePattern(Math.abs(until.getEpochSecond() - since.getEpochSecond()) > 3 * 86_400
                ? "MM-dd" : "MM-dd HH:mm");
        chart.getStyler().setYAxisMin(0.0);
        List<Date> x = at.isEmpty() ? List.of(Date.from(since), Date.from(until)) : at.stream().map(Date::from).toList();
        List<Integer> y = at.isEmpty() ? List.of(0, 0) : cores;
        XYSeries used = chart.addSeries("cores in use", x, y);
        used.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        used.setMarker(SeriesMarkers.NONE);
        if (limit != null) {
            XYSeries line = chart.addSeries("limit (" + limit + ")", List.of(x.get(0), x.get(x.size() - 1)), List.of(limit, limit));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(LIMIT_COLOR);
        }
        return png(chart);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart " + chart.getTitle() + " as PNG", e);
        }
    }
}
