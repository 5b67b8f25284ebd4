package org.spikeshift.datasets.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.spikeshift.datasets.format.IdxReader;

/**
 * Labelled grey-level images resized to an event sensor, the static domain of static-to-event
 * transfer: one intensity channel in [0, 1], {@code height x width} row-major per image.
 *
 * @param classes class names, indexed by label
 * @param pixels one row of height x width intensities per image
 * @param labels each image's class index
 * @param height sensor height
 * @param width sensor width
 */
public record StaticImages(
        List<String> classes, float[][] pixels, int[] labels, int height, int width) {

    /**
     * MNIST in IDX files ({@code images-idx3-ubyte} and {@code labels-idx1-ubyte}, or the {@code
     * train-} prefixed originals) in {@code dir}; classes "0" to "9".
     */
    public static StaticImages mnist(Path dir, int height, int width) throws IOException {
        Path images =
                firstExisting(
                        dir,
                        "images-idx3-ubyte",
                        "train-images-idx3-ubyte",
                        "train-images.idx3-ubyte");
        Path labels =
                firstExisting(
                        dir,
                        "labels-idx1-ubyte",
                        "train-labels-idx1-ubyte",
                        "train-labels.idx1-ubyte");
        IdxReader.Images read = IdxReader.readImages(images);
        int[] label = IdxReader.readLabels(labels);
        if (label.length != read.images().length) {
            throw new IOException(
                    labels
                            + ": "
                            + label.length
                            + " labels for "
                            + read.images().length
                            + " images in "
                            + images);
        }
        float[][] resized = new float[label.length][];
        for (int i = 0; i < resized.length; i++) {
            resized[i] = resize(read.images()[i], read.rows(), read.cols(), height, width);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            classes.add(Integer.toString(c));
        }
        for (int l : label) {
            if (l < 0 || l > 9) {
                throw new IOException(labels + ": label " + l + " outside 0-9");
            }
        }
        return new StaticImages(classes, resized, label, height, width);
    }

    /** Images in class folders ({@code dir/<class>/*.png|jpg|jpeg|bmp|gif}), read with ImageIO. */
    public static StaticImages folders(Path dir, int height, int width) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such folder of class folders");
        }
        List<String> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes =
                    s.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .toList();
        }
        List<float[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve(classes.get(c)))) {
                files =
                        s.filter(
                                        p ->
                                                p.getFileName()
                                                        .toString()
                                                        .toLowerCase(Locale.ROOT)
                                                        .matches(".*\\.(png|jpe?g|bmp|gif)"))
                                .sorted()
                                .toList();
            }
            for (Path f : files) {
                BufferedImage image = ImageIO.read(f.toFile());
                if (image == null) {
                    throw new IOException(f + ": not a readable image");
                }
                pixels.add(resize(grey(image), image.getHeight(), image.getWidth(), height, width));
                labels.add(c);
            }
        }
        if (pixels.isEmpty()) {
            throw new IOException(dir + ": no images in class folders");
        }
        return new StaticImages(
                classes,
                pixels.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                height,
                width);
    }

    /** Luminance in [0, 1], row-major. */
    static float[] grey(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                out[y * w + x] =
                        (0.299f * ((rgb >> 16) & 0xff)
                                        + 0.587f * ((rgb >> 8) & 0xff)
                                        + 0.114f * (rgb & 0xff))
                                / 255f;
            }
        }
        return out;
    }

    /** Bilinear resampling of a row-major image, pixel centres aligned (half-pixel convention). */
    public static float[] resize(float[] src, int srcHeight, int srcWidth, int height, int width) {
        float[] out = new float[height * width];
        double sy = (double) srcHeight / height;
        double sx = (double) srcWidth / width;
        for (int y = 0; y < height; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), srcHeight - 1);
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, srcHeight - 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), srcWidth - 1);
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, srcWidth - 1);
                double wx = fx - x0;
                double top = src[y0 * srcWidth + x0] * (1 - wx) + src[y0 * srcWidth + x1] * wx;
                double bottom = src[y1 * srcWidth + x0] * (1 - wx) + src[y1 * srcWidth + x1] * wx;
                out[y * width + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return out;
    }

    private static Path firstExisting(Path dir, String... names) throws IOException {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        throw new IOException(
                dir
                        + ": no "
                        + names[0]
                        + " (nor "
                        + String.join(", ", List.of(names).subList(1, names.length))
                        + ")");
    }

    /** The indices of the images of each class, by class index of {@code eventClasses}. */
    public int[][] byClass(List<String> eventClasses) {
        int[][] out = new int[eventClasses.size()][];
        for (int c = 0; c < eventClasses.size(); c++) {
            int own = classes.indexOf(eventClasses.get(c));
            if (own < 0) {
                throw new IllegalArgumentException(
                        "the static images have no class '"
                                + eventClasses.get(c)
                                + "' of the event data (static classes: "
                                + classes
                                + ")");
            }
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == own) {
                    idx.add(i);
                }
            }
            if (idx.isEmpty()) {
                throw new IllegalArgumentException(
                        "the static images hold no image of class '" + eventClasses.get(c) + "'");
            }
            out[c] = idx.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
