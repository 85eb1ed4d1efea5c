package org.sparcj.experiments.localise;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.sparcj.data.DataFileException;
import org.sparcj.data.store.Npy;

/**
 * Heatmaps as files: all of them as one {@code .npy} ([n x rows x cols] float32) and each as a PNG
 * (javax.imageio): blended over the sample's image when {@code images.tsv} beside the store gives
 * one, else drawn on the patch grid. Colours run from transparent/dark (coolest patch) to yellow
 * (hottest), scaled per heatmap.
 */
public final class HeatmapImages {
    /** {@code images.tsv}: sample ID, tab, image path (absolute or relative to the store). */
    public static final String IMAGES_FILE = "images.tsv";
    static final int CELL_PIXELS = 24;

    private HeatmapImages() {
    }

    /** The image path of each sample listed in {@code <store>/images.tsv}; empty when there is none. */
    public static Map<String, Path> images(Path store) {
        Path file = store.resolve(IMAGES_FILE);
        Map<String, Path> out = new HashMap<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                String[] f = line.split("\t");
                if (f.length != 2) throw new DataFileException(file, "line " + (i + 1) + ": expected 'sample_id<TAB>path'");
                out.put(f[0], store.resolve(f[1]));
            }
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes {@code maps} ([n][rows * cols]) as a float32 .npy of shape (n, rows, cols). */
    public static void writeNpy(Path file, List<double[]> maps, int rows, int cols) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Npy.WRITTEN_HEADER_BYTES + 4 * maps.size() * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.headerBytes("<f4", maps.size(), rows, cols));
        for (double[] m : maps) for (double v : m) b.putFloat((float) v);
        Files.write(file, b.array());
    }

    /**
     * Writes one heatmap as a PNG: over {@code image} when it is non-null and readable (returns true),
     * else on the patch grid (returns false).
     */
    public static boolean writePng(Path file, double[] heat, int rows, int cols, Path image) throws IOException {
        BufferedImage base = image == null || !Files.isRegularFile(image) ? null : ImageIO.read(image.toFile());
        double[] unit = unitRange(heat);
        int w = base == null ? cols * CELL_PIXELS : base.getWidth();
        int h = base == null ? rows * CELL_PIXELS : base.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = unit[(y * rows / h) * cols + x * cols / w];
                int heatRgb = colour(v);
                int rgb;
                if (base == null) {
                    rgb = heatRgb;
                } else {
                    // The image shows through where the heat is low: alpha grows with the heat.
                    double a = 0.15 + 0.6 * v;
                    rgb = blend(base.getRGB(x, y), heatRgb, a);
                }
                out.setRGB(x, y, rgb);
            }
        }
        if (!ImageIO.write(out, "png", file.toFile())) throw new IOException("no PNG writer in this JDK");
        return base != null;
    }

    private static double[] unitRange(double[] heat) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : heat) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double[] out = new double[heat.length];
        for (int i = 0; i < heat.length; i++) out[i] = hi > lo ? (heat[i] - lo) / (hi - lo) : 0;
        return out;
    }

    // Dark blue -> red -> yellow.
    private static int colour(double v) {
        int r = (int) Math.round(255 * Math.min(1, 2 * v));
        int g = (int) Math.round(255 * Math.max(0, 2 * v - 1));
        int b = (int) Math.round(96 * (1 - v));
        return (r << 16) | (g << 8) | b;
    }

    private static int blend(int under, int over, double a) {
        int out = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int u = (under >> shift) & 0xff, o = (over >> shift) & 0xff;
            out |= ((int) Math.round(u * (1 - a) + o * a)) << shift;
        }
        return out;
    }
}
