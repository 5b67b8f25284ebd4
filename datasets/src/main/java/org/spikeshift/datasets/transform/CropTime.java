package org.spikeshift.datasets.transform;

import java.util.Arrays;
import org.spikeshift.datasets.event.EventSample;

/**
 * Keeps events in [startUs, endUs) and shifts them to start at 0.
 *
 * @param startUs first kept time
 * @param endUs first dropped time
 */
public record CropTime(long startUs, long endUs) implements EventTransform {

    public CropTime {
        if (startUs < 0 || endUs <= startUs) {
            throw new IllegalArgumentException(
                    "crop window [" + startUs + ", " + endUs + ") is empty");
        }
    }

    @Override
    public EventSample apply(EventSample s) {
        int[] t = new int[s.size()];
        int[] c = new int[s.size()];
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            long time = s.timesUs()[i];
            if (time >= startUs && time < endUs) {
                t[n] = (int) (time - startUs);
                c[n++] = s.channels()[i];
            }
        }
        return new EventSample(Arrays.copyOf(t, n), Arrays.copyOf(c, n), s.label());
    }
}
