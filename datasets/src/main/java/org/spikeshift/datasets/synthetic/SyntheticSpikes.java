package org.spikeshift.datasets.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;

/**
 * The embedded default data set: seeded, generated events shaped like SHD (700 channels, 20
 * classes, 1 s, raw times in microseconds, so any bin size applies).
 *
 * <p>Each class is a sequence of three "syllables": a band of channels whose centre sweeps up or
 * down over 100-160 ms. All classes draw their bands from the same four, so classes with the same
 * bands differ only in order and sweep direction: in timing, not in per-channel rates. A network
 * must integrate over the right time scale, so a model trained at one bin size loses accuracy when
 * run unadapted at a much finer one. Per sample the onset, tempo, band positions and event counts
 * are jittered, and background noise covers every channel.
 */
public final class SyntheticSpikes {

    public static final int NUM_CHANNELS = 700;
    public static final int NUM_CLASSES = 20;
    public static final long DURATION_US = 1_000_000;

    private static final int[] BAND_CENTRES = {110, 260, 420, 580};
    private static final int SYLLABLES = 3;
    private static final double SWEEP_CHANNELS = 70;
    private static final double BAND_HALF_WIDTH = 14;
    private static final double SYLLABLE_RATE_HZ = 85; // per active channel
    private static final double NOISE_RATE_HZ = 1.5; // per channel

    private final long seed;
    private final int[][] bands = new int[NUM_CLASSES][SYLLABLES];
    private final boolean[][] upward = new boolean[NUM_CLASSES][SYLLABLES];

    /**
     * @param seed the data set seed: class prototypes and every sample follow from it
     */
    public SyntheticSpikes(long seed) {
        this.seed = seed;
        Random random = new Random(seed);
        List<String> used = new ArrayList<>();
        for (int c = 0; c < NUM_CLASSES; c++) {
            String key;
            do {
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
                java.util.Collections.shuffle(order, random);
                for (int k = 0; k < SYLLABLES; k++) {
                    bands[c][k] = order.get(k);
                    upward[c][k] = random.nextBoolean();
                }
                key = Arrays.toString(bands[c]) + Arrays.toString(upward[c]);
            } while (used.contains(key));
            used.add(key);
        }
    }

    /** Class names {@code class-00} .. {@code class-19}. */
    public static List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < NUM_CLASSES; c++) {
            names.add(String.format("class-%02d", c));
        }
        return names;
    }

    /** {@code count} samples with balanced labels; {@code stream} separates train from test. */
    public EventDataset generate(String name, int count, long stream) {
        Random random = new Random(seed * 1_000_003L + stream);
        List<EventSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(sample(i % NUM_CLASSES, random));
        }
        return new EventDataset(name, NUM_CHANNELS, classNames(), samples);
    }

    /** The default splits: 2,000 training (10 % of them validation) and 500 test samples. */
    public static DataSplits defaultSplits(long seed) {
        SyntheticSpikes generator = new SyntheticSpikes(seed);
        EventDataset train = generator.generate("generated", 2000, 1);
        EventDataset test = generator.generate("generated", 500, 2);
        return DataSplits.withValidation(train, test, 0.1, seed, DURATION_US);
    }

    private EventSample sample(int label, Random random) {
        double tempo = 0.85 + 0.3 * random.nextDouble();
        double t = 60_000 + 80_000 * random.nextDouble();
        int shift = random.nextInt(31) - 15;
        List<int[]> events = new ArrayList<>();
        for (int k = 0; k < SYLLABLES; k++) {
            double duration = (100_000 + 60_000 * random.nextDouble()) * tempo;
            double centre = BAND_CENTRES[bands[label][k]] + shift + random.nextInt(11) - 5;
            double sweep = (upward[label][k] ? 1 : -1) * SWEEP_CHANNELS;
            double rate = SYLLABLE_RATE_HZ * (0.8 + 0.4 * random.nextDouble());
            int n = poisson(rate * 2 * BAND_HALF_WIDTH * duration / 1e6, random);
            for (int e = 0; e < n; e++) {
                double u = random.nextDouble();
                double c =
                        centre
                                + sweep * (u - 0.5)
                                + BAND_HALF_WIDTH * (2 * random.nextDouble() - 1);
                int channel = (int) Math.round(c);
                if (channel >= 0 && channel < NUM_CHANNELS) {
                    events.add(new int[] {(int) (t + u * duration), channel});
                }
            }
            t += duration + (20_000 + 60_000 * random.nextDouble()) * tempo;
        }
        int noise = poisson(NOISE_RATE_HZ * NUM_CHANNELS * DURATION_US / 1e6, random);
        for (int e = 0; e < noise; e++) {
            events.add(new int[] {random.nextInt((int) DURATION_US), random.nextInt(NUM_CHANNELS)});
        }
        events.removeIf(ev -> ev[0] >= DURATION_US);
        events.sort((a, b) -> Integer.compare(a[0], b[0]));
        return EventSample.fromPairs(events, label);
    }

    private static int poisson(double mean, Random random) {
        // normal approximation is ample for the means used here (> 100)
        return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
}
