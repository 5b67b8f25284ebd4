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
import org.spikeshift.datasets.event.StoredSamples;

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

    /** Samples read per slice of the file: memory holds one slice, whatever the file's size. */
    private static final int SLICE = 256;

    /**
     * Reads a file into memory; units must lie in [0, maxChannels). For small files: a large one
     * goes through {@link #stream} into a {@link StoredSamples} file.
     *
     * @param file the HDF5 file
     * @param maxChannels exclusive bound on units
     */
    public static Contents read(Path file, int maxChannels) throws IOException {
        List<EventSample> samples = new ArrayList<>();
        stream(file, maxChannels, samples::add);
        int maxLabel = 0;
        int maxUnit = 0;
        for (EventSample s : samples) {
            maxLabel = Math.max(maxLabel, s.label());
            for (int c : s.channels()) {
                maxUnit = Math.max(maxUnit, c);
            }
        }
        return new Contents(samples, maxLabel + 1, maxUnit + 1);
    }

    /**
     * Hands the file's samples to {@code sink} in order, reading a slice of samples at a time.
     *
     * @param file the HDF5 file
     * @param maxChannels exclusive bound on units
     * @throws IOException naming the file and what is wrong with it
     */
    public static void stream(Path file, int maxChannels, StoredSamples.Sink sink)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such HDF5 file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            Dataset times = dataset(hdf, "spikes/times", file);
            Dataset units = dataset(hdf, "spikes/units", file);
            int[] labels = ints(dataset(hdf, "labels", file).getData(), file + " labels");
            long n = times.getDimensionsAsLong()[0];
            if (units.getDimensionsAsLong()[0] != n || labels.length != n) {
                throw new IOException(
                        file
                                + ": spikes/times, spikes/units and labels differ in length ("
                                + n
                                + ", "
                                + units.getDimensionsAsLong()[0]
                                + ", "
                                + labels.length
                                + ")");
            }
            for (int first = 0; first < n; first += SLICE) {
                int count = (int) Math.min(SLICE, n - first);
                Object timeSlice = times.getData(new long[] {first}, new int[] {count});
                Object unitSlice = units.getData(new long[] {first}, new int[] {count});
                for (int j = 0; j < count; j++) {
                    sink.add(
                            sample(
                                    file,
                                    first + j,
                                    Array.get(timeSlice, j),
                                    Array.get(unitSlice, j),
                                    labels[first + j],
                                    maxChannels));
                }
            }
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static EventSample sample(
            Path file, int i, Object timesSeconds, Object unitValues, int label, int maxChannels)
            throws IOException {
        float[] t = floats(timesSeconds);
        int[] u = ints(unitValues, file + " spikes/units[" + i + "]");
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
        }
        if (label < 0) {
            throw new IOException(file + ": sample " + i + " has negative label " + label);
        }
        return new EventSample(us, u, label);
    }

    private static Dataset dataset(HdfFile hdf, String path, Path file) throws IOException {
        try {
            return hdf.getDatasetByPath(path);
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
