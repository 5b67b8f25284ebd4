package org.spikeshift.datasets.format;

import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Dwrite;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STD_U16LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tvlen_create;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.hdf5.hvl_t;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.ShortPointer;
import org.spikeshift.datasets.event.EventSample;

/**
 * Writes event samples as an HDF5 file in the SHD layout: {@code spikes/times} (variable-length
 * float arrays, seconds), {@code spikes/units} (variable-length uint16 arrays) and {@code labels}
 * (uint16), through the native HDF5 library (jhdf cannot write variable-length data). Times are
 * stored as float32 rather than SHD's float16: readers of the layout accept both, and float32 keeps
 * sub-millisecond times exact. Written to a temporary file, then renamed.
 */
public final class ShdHdf5Writer {

    private ShdHdf5Writer() {}

    public static void write(Path file, List<EventSample> samples) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            writeNative(tmp, samples);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeNative(Path path, List<EventSample> samples) throws IOException {
        H5open(); // initialises the library's predefined type ids (the global type ids)
        long fileId = H5Fcreate(path.toString(), H5F_ACC_TRUNC(), H5P_DEFAULT(), H5P_DEFAULT());
        check(fileId, path, "create the file");
        try {
            long group = H5Gcreate2(fileId, "spikes", H5P_DEFAULT(), H5P_DEFAULT(), H5P_DEFAULT());
            check(group, path, "create the spikes group");
            H5Gclose(group);
            int n = samples.size();
            List<Pointer> keep = new ArrayList<>();
            hvl_t times = new hvl_t(n);
            hvl_t units = new hvl_t(n);
            for (int i = 0; i < n; i++) {
                EventSample s = samples.get(i);
                float[] t = new float[s.size()];
                short[] u = new short[s.size()];
                for (int k = 0; k < t.length; k++) {
                    t[k] = (float) (s.timesUs()[k] / 1e6);
                    if (s.channels()[k] > 0xffff) {
                        throw new IOException(
                                path + ": channel " + s.channels()[k] + " does not fit uint16");
                    }
                    u[k] = (short) s.channels()[k];
                }
                FloatPointer tp = new FloatPointer(t);
                ShortPointer up = new ShortPointer(u);
                keep.add(tp);
                keep.add(up);
                times.getPointer(i).len(t.length).p(tp);
                units.getPointer(i).len(u.length).p(up);
            }
            writeVlen(fileId, path, "spikes/times", H5T_IEEE_F32LE_g(), times, n);
            writeVlen(fileId, path, "spikes/units", H5T_STD_U16LE_g(), units, n);
            short[] labels = new short[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (short) samples.get(i).label();
            }
            long space = H5Screate_simple(1, new long[] {n}, (long[]) null);
            long d =
                    H5Dcreate2(
                            fileId,
                            "labels",
                            H5T_STD_U16LE_g(),
                            space,
                            H5P_DEFAULT(),
                            H5P_DEFAULT(),
                            H5P_DEFAULT());
            check(d, path, "create labels");
            try (ShortPointer lp = new ShortPointer(labels)) {
                check(
                        H5Dwrite(d, H5T_STD_U16LE_g(), H5S_ALL(), H5S_ALL(), H5P_DEFAULT(), lp),
                        path,
                        "write labels");
            }
            H5Dclose(d);
            H5Sclose(space);
            keep.forEach(Pointer::close);
            times.close();
            units.close();
        } finally {
            H5Fclose(fileId);
        }
    }

    private static void writeVlen(
            long fileId, Path path, String name, long baseType, hvl_t data, int n)
            throws IOException {
        long type = H5Tvlen_create(baseType);
        long space = H5Screate_simple(1, new long[] {n}, (long[]) null);
        long d = H5Dcreate2(fileId, name, type, space, H5P_DEFAULT(), H5P_DEFAULT(), H5P_DEFAULT());
        check(d, path, "create " + name);
        check(
                H5Dwrite(d, type, H5S_ALL(), H5S_ALL(), H5P_DEFAULT(), data.position(0)),
                path,
                "write " + name);
        H5Dclose(d);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void check(long status, Path path, String what) throws IOException {
        if (status < 0) {
            throw new IOException(path + ": HDF5 could not " + what);
        }
    }
}
