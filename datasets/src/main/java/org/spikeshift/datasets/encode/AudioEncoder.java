package org.spikeshift.datasets.encode;

import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.format.WavReader.Audio;

/** Turns audio into spike events. */
public interface AudioEncoder {

    /** Output channels. */
    int channels();

    /** Sample rate the encoder expects (inputs are resampled to it). */
    int sampleRate();

    /** A short id including the parameters, for caches and run records. */
    String id();

    /** Encodes one recording; {@code label} is carried into the sample. */
    EventSample encode(Audio audio, int label);
}
