package org.spikeshift.datasets.format;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spikeshift.datasets.event.EventSample;

/**
 * SHD and SSC HDF5 files: {@code spikes/times} (variable-length float16 arrays, seconds), {@code
 * spikes/units} (variable-length integer arrays, channel 0-699), {@code labels}. The sample count
 * is read from the file, never assumed. Times are converted to integer microseconds (float16 has
 * about 3 significant digits: near 1 s its resolution is about 0.5 ms).
 */
public final class ShdHdf5Reader {

    private ShdHdf5Reader() {}

    /**
     * The samples of one file.
     *
     * @param samples events and labels
     * @param numClasses 1 + the largest label
     * @param numChannels 1 + the largest unit
     */
    public record Contents(List<EventSample> samples, int numClasses, int numChannels) {}

    /**
     * Reads a file; units must lie in [0, maxChannels).
     *
     * @param file the HDF5 file
     * @param maxChannels exclusive bound on units
     */
    public static Contents read(Path file, int maxChannels) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such HDF5 file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Object times = data(hdf, "spikes/times", file);
            Object units = data(hdf, "spikes/units", file);
            int[] labels = ints(data(hdf, "labels", file), file + " labels");
            int n = Array.getLength(times);
            if (Array.getLength(units) != n || labels.length != n) {
                throw new IOException(
                        file
                                + ": spikes/times, spikes/units and labels differ in length ("
                                + n
                                + ", "
                                + Array.getLength(units)
                                + ", "
                                + labels.length
                                + ")");
            }
            List<EventSample> samples = new ArrayList<>(n);
            int maxLabel = 0;
            int maxUnit = 0;
            for (int i = 0; i < n; i++) {
                float[] t = floats(Array.get(times, i));
                int[] u = ints(Array.get(units, i), file + " spikes/units[" + i + "]");
                if (t.length != u.length) {
                    throw new IOException(
                            file
                                    + ": sample "
                                    + i
                                    + " has "
                                    + t.length
                                    + " times but "
                                    + u.length
                                    + " units");
                }
                int[] us = new int[t.length];
                for (int k = 0; k < t.length; k++) {
                    if (u[k] < 0 || u[k] >= maxChannels) {
                        throw new IOException(
                                file
                                        + ": sample "
                                        + i
                                        + " has unit "
                                        + u[k]
                                        + " outside [0, "
                                        + maxChannels
                                        + ")");
                    }
                    us[k] = (int) Math.round(t[k] * 1e6);
                    maxUnit = Math.max(maxUnit, u[k]);
                }
                if (labels[i] < 0) {
                    throw new IOException(
                            file + ": sample " + i + " has negative label " + labels[i]);
                }
                maxLabel = Math.max(maxLabel, labels[i]);
                samples.add(new EventSample(us, u, labels[i]));
            }
            return new Contents(samples, maxLabel + 1, maxUnit + 1);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static Object data(HdfFile hdf, String path, Path file) throws IOException {
        try {
            Dataset d = hdf.getDatasetByPath(path);
            return d.getData();
        } catch (HdfException e) {
            throw new IOException(file + ": lacks the dataset " + path, e);
        }
    }

    private static float[] floats(Object array) {
        int n = Array.getLength(array);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(array, i)).floatValue();
        }
        return out;
    }

    private static int[] ints(Object array, String what) throws IOException {
        if (array == null || !array.getClass().isArray()) {
            throw new IOException(what + " is not an array");
        }
        int n = Array.getLength(array);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(array, i);
            if (!(v instanceof Number num)) {
                throw new IOException(what + " holds non-numeric values");
            }
            out[i] = num.intValue();
        }
        return out;
    }
}
