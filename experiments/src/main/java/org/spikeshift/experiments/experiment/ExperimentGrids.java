package org.spikeshift.experiments.experiment;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Rebuilds an {@link ExperimentGrid} in a worker process from its kind and settings. */
public final class ExperimentGrids {

    private static final Map<String, LoadedData> DATA = new ConcurrentHashMap<>();

    private ExperimentGrids() {}

    /**
     * The grid of {@code kind} with {@code settingsJson}, its data loaded once per process.
     *
     * @param manager owner of everything the grid's tasks create
     */
    public static ExperimentGrid open(String kind, String settingsJson, NDManager manager)
            throws IOException {
        return switch (kind) {
            case AdaptationSweep.KIND -> {
                AdaptationSweep.Settings s = AdaptationSweep.Settings.fromJson(settingsJson);
                yield new AdaptationSweep(s, data(s.base()), manager);
            }
            case Flexibility.KIND -> {
                Flexibility.Settings s = Flexibility.Settings.fromJson(settingsJson);
                yield new Flexibility(s, data(s.base()), manager);
            }
            case TransferComparison.KIND -> {
                TransferComparison.Settings s = TransferComparison.Settings.fromJson(settingsJson);
                yield new TransferComparison(s, data(s.base()), manager);
            }
            default -> throw new IllegalArgumentException("unknown experiment grid '" + kind + "'");
        };
    }

    private static LoadedData data(RunConfig base) throws IOException {
        String key = base.data() + "|" + base.frameMode();
        LoadedData loaded = DATA.get(key);
        if (loaded == null) {
            loaded = LoadedData.load(base.data(), base.frameMode());
            DATA.put(key, loaded);
        }
        return loaded;
    }
}
