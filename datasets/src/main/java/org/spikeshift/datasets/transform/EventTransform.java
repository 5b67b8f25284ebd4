package org.spikeshift.datasets.transform;

import java.util.List;
import java.util.function.UnaryOperator;
import org.spikeshift.datasets.event.EventSample;

/**
 * A pure transform of one recording's events: returns new arrays, never edits its input.
 * Implementations are records, so that their {@code toString} names the transform and its
 * parameters: it keys the cache of binned frames.
 */
public interface EventTransform extends UnaryOperator<EventSample> {

    /** Applies {@code transforms} left to right. */
    static EventTransform compose(EventTransform... transforms) {
        return new Composed(List.of(transforms));
    }

    /** Transforms applied left to right. */
    record Composed(List<EventTransform> parts) implements EventTransform {
        @Override
        public EventSample apply(EventSample sample) {
            EventSample out = sample;
            for (EventTransform t : parts) {
                out = t.apply(out);
            }
            return out;
        }
    }
}
