package io.flotilla.ui.views;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The charts are PNG images of the stated size, and draw what they are given (the limit line only when there is one). */
class UsageChartsTest {
    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-12-02T00:00:00Z");

    @Test
    void everyChartIsAPngOfTheStatedSize() throws IOException {
        Map<String, List<Double>> byUser = new LinkedHashMap<>();
        byUser.put("alice", List.of(1.5, 0.0, 4.0));
        byUser.put("bob", List.of(2.0, 3.0, 0.0));
        List<byte[]> charts = List.of(
                UsageCharts.dailyCpuHoursByUser(List.of("2026-12-01", "2026-12-02", "2026-12-03"), byUser),
                UsageCharts.dailyCpuHoursByUser(List.of("2026-12-01"), Map.of()),
                UsageCharts.monthlyCost(List.of("2026-11", "2026-12"), List.of(12.5, 3.25), "USD", "estimate at list price"),
                UsageCharts.monthlyCost(List.of(), List.of(), "USD", "estimate at list price"),
                UsageCharts.concurrentCores(List.of(SINCE, SINCE.plusSeconds(3600)), List.of(4, 12), 16, SINCE, UNTIL),
                UsageCharts.concurrentCores(List.of(), List.of(), null, SINCE, UNTIL));
        for (byte[] png : charts) {
            BufferedImage image = decode(png);
            assertThat(image.getWidth()).isEqualTo(UsageCharts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(UsageCharts.HEIGHT);
            assertThat(colours(image)).as("a chart, not a blank image").isGreaterThan(10);
        }
    }

    @Test
    void theLimitLineIsDrawnOnlyWhenThereIsALimit() throws IOException {
        List<Instant> at = List.of(SINCE, SINCE.plusSeconds(3600), SINCE.plusSeconds(7200));
        BufferedImage limited = decode(UsageCharts.concurrentCores(at, List.of(2, 8, 6), 10, SINCE, UNTIL));
        BufferedImage unlimited = decode(UsageCharts.concurrentCores(at, List.of(2, 8, 6), null, SINCE, UNTIL));
        assertThat(pixelsOf(limited, UsageCharts.LIMIT_COLOR.getRGB())).as("a red line across the plot")
                .isGreaterThan(UsageCharts.WIDTH / 2);
        assertThat(pixelsOf(unlimited, UsageCharts.LIMIT_COLOR.getRGB())).isZero();
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    private static long colours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += image.getRGB(x, y) == rgb ? 1 : 0;
            }
        }
        return count;
    }
}
