package dev.overlap.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * A chart rendered to PNG bytes: XChart's rendered image ({@link BitmapEncoder#getBufferedImage}) written by
 * {@link ImageIO} in PNG format. This is what XChart's deprecated {@code BitmapEncoder.getBitmapBytes} does.
 */
final class ChartPng {

    private ChartPng() {
    }

    /** The PNG file contents of {@code chart}, at the chart's width and height in pixels. */
    static byte[] bytes(IChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        return out.toByteArray();
    }
}
