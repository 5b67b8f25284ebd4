package org.spikeshift.experiments.cli;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.experiments.experiment.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikeshift datasets info | encode}. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Inspect data sets and encode audio corpora to spikes.",
        subcommands = {DatasetsCommand.Info.class, EncodeCommand.class})
final class DatasetsCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "choose info or encode");
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Counts, classes, durations and events per sample of each split.")
    static final class Info implements Callable<Integer> {
        @Mixin DataOptions data;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Override
        public Integer call() throws Exception {
            DataSplits s = LoadedData.load(data.request(), data.mode()).splits();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", data.dataset);
            out.put("channels", s.numChannels());
            out.put("classes", s.numClasses());
            out.put("class_names", s.train().classes());
            out.put("frame_window_ms", s.durationUs() / 1000.0);
            for (var e :
                    Map.of("train", s.train(), "validation", s.validation(), "test", s.test())
                            .entrySet()) {
                out.put(e.getKey(), stats(e.getValue()));
            }
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
            } else {
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d channels, %d classes, frame window %.1f ms%n",
                        data.dataset,
                        s.numChannels(),
                        s.numClasses(),
                        s.durationUs() / 1000.0);
                for (String split : List.of("train", "validation", "test")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> st = (Map<String, Object>) out.get(split);
                    System.out.printf(
                            Locale.ROOT,
                            "  %-10s %6d samples, duration %.1f-%.1f ms (mean %.1f), "
                                    + "events/sample %.0f (min %d, max %d)%n",
                            split,
                            st.get("samples"),
                            st.get("min_duration_ms"),
                            st.get("max_duration_ms"),
                            st.get("mean_duration_ms"),
                            st.get("mean_events"),
                            st.get("min_events"),
                            st.get("max_events"));
                }
            }
            return 0;
        }

        private static Map<String, Object> stats(EventDataset d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", d.size());
            m.put(
                    "min_duration_ms",
                    d.samples().stream().mapToLong(EventSample::durationUs).min().orElse(0)
                            / 1000.0);
            m.put(
                    "max_duration_ms",
                    d.samples().stream().mapToLong(EventSample::durationUs).max().orElse(0)
                            / 1000.0);
            m.put(
                    "mean_duration_ms",
                    d.samples().stream().mapToLong(EventSample::durationUs).average().orElse(0)
                            / 1000.0);
            m.put(
                    "mean_events",
                    d.samples().stream().mapToInt(EventSample::size).average().orElse(0));
            m.put("min_events", d.samples().stream().mapToInt(EventSample::size).min().orElse(0));
            m.put("max_events", d.samples().stream().mapToInt(EventSample::size).max().orElse(0));
            int[] perClass = new int[d.numClasses()];
            d.samples().forEach(s -> perClass[s.label()]++);
            m.put("per_class", perClass);
            return m;
        }
    }
}
