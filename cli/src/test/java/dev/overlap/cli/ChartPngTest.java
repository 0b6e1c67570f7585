package dev.overlap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class ChartPngTest {

    /**
     * The bytes are a PNG file (the 8-byte signature 137 80 78 71 13 10 26 10 of the PNG specification) that
     * decodes, losslessly, to the image XChart renders, at the chart's size.
     */
    @Test
    void writesTheRenderedChartAsPng() throws Exception {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("t").build();
        chart.addSeries("s", new double[] {0, 1, 2}, new double[] {1, 0.5, 0.25});

        byte[] png = ChartPng.bytes(chart);

        assertArrayEquals(new byte[] {(byte) 137, 80, 78, 71, 13, 10, 26, 10}, Arrays.copyOf(png, 8));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(320, decoded.getWidth());
        assertEquals(200, decoded.getHeight());
        BufferedImage rendered = BitmapEncoder.getBufferedImage(chart);
        assertArrayEquals(rendered.getRGB(0, 0, 320, 200, null, 0, 320), decoded.getRGB(0, 0, 320, 200, null, 0, 320));
    }
}
