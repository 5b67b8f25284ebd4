package org.spikeshift.datasets.transform;

/** How events falling into one bin and channel become a frame value. */
public enum FrameMode {
    /** The event count. */
    SUM,
    /** 1 if any event, else 0. */
    BINARY
}
