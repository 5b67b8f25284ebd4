package org.spikeshift.datasets.transform;

/** How events falling into one bin and channel become a frame value. */
public enum FrameMode {
    /** The event count. */
    SUM,
    /** 1 if any event, else 0. */
    BINARY,
    /**
     * The highest event count in any {@link #MAX_SUB_BIN_US} sub-bin of the bin: max-pooling of 1
     * ms count frames, taken from raw event times so it works at any bin width.
     */
    MAX;

    /** Sub-bin width of {@link #MAX}, the native resolution of the event data sets served. */
    public static final int MAX_SUB_BIN_US = 1000;
}
