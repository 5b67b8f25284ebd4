package org.spikeshift.datasets.transform;

import java.util.function.UnaryOperator;
import org.spikeshift.datasets.event.EventSample;

/** A pure transform of one recording's events: returns new arrays, never edits its input. */
public interface EventTransform extends UnaryOperator<EventSample> {

    /** Applies {@code transforms} left to right. */
    static EventTransform compose(EventTransform... transforms) {
        return sample -> {
            EventSample out = sample;
            for (EventTransform t : transforms) {
                out = t.apply(out);
            }
            return out;
        };
    }
}
