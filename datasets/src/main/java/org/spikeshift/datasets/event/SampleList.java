package org.spikeshift.datasets.event;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of recordings that need not all be in memory: a list held in memory, one stored
 * in a file ({@link StoredSamples}, read sample by sample), a selection of another by index, or
 * several one after the other. Labels are known without reading a recording's events, so that
 * splits, class counts and checks cost no reading.
 */
public abstract sealed class SampleList extends AbstractList<EventSample> implements RandomAccess
        permits SampleList.Held, SampleList.Selection, SampleList.Chain, StoredSamples {

    /** The label of sample {@code i}, without reading its events. */
    public abstract int label(int i);

    /**
     * Identity: a list is the split it was made for. Comparing recordings one by one would read a
     * stored split whole for every lookup of a data set in a map (and recordings read twice are
     * distinct arrays). {@link EventDataset#fingerprint} compares contents.
     */
    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }

    /** {@code samples} as a sample list: itself when it is one, else an immutable copy. */
    public static SampleList of(List<EventSample> samples) {
        return samples instanceof SampleList list ? list : new Held(List.copyOf(samples));
    }

    /** The samples at {@code indices}, in that order; nothing is read or copied. */
    public SampleList select(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException(
                        "index " + i + " outside a list of " + size() + " samples");
            }
        }
        return new Selection(this, indices.clone());
    }

    /** The samples of {@code parts}, one list after the other; nothing is read or copied. */
    public static SampleList concat(List<SampleList> parts) {
        return new Chain(List.copyOf(parts));
    }

    static final class Held extends SampleList {
        private final List<EventSample> samples;

        private Held(List<EventSample> samples) {
            this.samples = samples;
        }

        @Override
        public EventSample get(int i) {
            return samples.get(i);
        }

        @Override
        public int size() {
            return samples.size();
        }

        @Override
        public int label(int i) {
            return samples.get(i).label();
        }
    }

    static final class Selection extends SampleList {
        private final SampleList base;
        private final int[] indices;

        private Selection(SampleList base, int[] indices) {
            this.base = base;
            this.indices = indices;
        }

        @Override
        public EventSample get(int i) {
            return base.get(indices[i]);
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int label(int i) {
            return base.label(indices[i]);
        }
    }

    static final class Chain extends SampleList {
        private final List<SampleList> parts;
        private final int size;

        private Chain(List<SampleList> parts) {
            this.parts = parts;
            this.size = parts.stream().mapToInt(List::size).sum();
        }

        @Override
        public EventSample get(int i) {
            int[] at = locate(i);
            return parts.get(at[0]).get(at[1]);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int label(int i) {
            int[] at = locate(i);
            return parts.get(at[0]).label(at[1]);
        }

        /** The part holding sample {@code i} and its index there. */
        private int[] locate(int i) {
            int index = i;
            for (int p = 0; p < parts.size(); p++) {
                if (index >= 0 && index < parts.get(p).size()) {
                    return new int[] {p, index};
                }
                index -= parts.get(p).size();
            }
            throw new IndexOutOfBoundsException(
                    "index " + i + " outside a list of " + size + " samples");
        }
    }
}
