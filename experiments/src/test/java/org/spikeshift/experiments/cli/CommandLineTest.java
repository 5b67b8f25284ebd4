package org.spikeshift.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spikeshift.datasets.format.NmnistBinReader;

class CommandLineTest {

    /** Exit code, stdout and stderr of one invocation. */
    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void assertOneLineError(Outcome o, String fragment) {
        assertTrue(o.code() != 0, "exit code must be non-zero");
        String[] lines = o.err().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("spikeshift: error:") && last.contains(fragment), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "adapt", "experiment", "benchmark", "datasets"})
    void everySubcommandHasHelp(String command) {
        Outcome o = run(command, "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Usage: spikeshift " + command), o.out());
    }

    @Test
    void adaptAndResumePrintNoEngineDeprecationWarning(@TempDir Path dir) throws Exception {
        Path trained = dir.resolve("run");
        assertEquals(
                0,
                run(
                                "train",
                                "--bin-ms",
                                "50",
                                "--epochs",
                                "1",
                                "--hidden",
                                "8",
                                "--out",
                                trained.toString())
                        .code());
        // the engine prints on the process's own stderr: run the commands as a user does
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (List<String> command :
                List.of(
                        List.of(
                                "adapt",
                                "--checkpoint",
                                trained.toString(),
                                "--to-bin-ms",
                                "25",
                                "--out",
                                dir.resolve("adapted").toString()),
                        List.of("train", "--resume", trained.toString(), "--epochs", "2"))) {
            List<String> line =
                    new java.util.ArrayList<>(
                            List.of(
                                    java,
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    "-Dai.djl.offline=true",
                                    Main.class.getName()));
            line.addAll(command);
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertFalse(out.contains("AutoNonVariableTypeMode"), out);
        }
        // a heap too small for anything: a plain message with the setting to change, no stack trace
        Process small =
                new ProcessBuilder(
                                java,
                                "-Xmx24m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "-Dai.djl.offline=true",
                                Main.class.getName(),
                                "train",
                                "--epochs",
                                "1",
                                "--out",
                                dir.resolve("small").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(small.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, small.waitFor(), out);
        assertTrue(
                out.contains("spikeshift: error: out of memory")
                        && out.contains("SPIKESHIFT_JAVA_OPTS"),
                out);
        assertFalse(out.contains("\tat "), out);
    }

    @Test
    void bothTimeLoopsTrainToTheSameAccuracy(@TempDir Path dir) throws IOException {
        double[] accuracy = new double[2];
        String[] loops = {"jvm", "engine"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve(loops[i]);
            Outcome o =
                    run(
                            "train",
                            "--bin-ms",
                            "20",
                            "--epochs",
                            "8",
                            "--hidden",
                            "32",
                            "--seed",
                            "1",
                            "--time-loop",
                            loops[i],
                            "--out",
                            out.toString());
            assertEquals(0, o.code(), o.err());
            accuracy[i] =
                    JsonParser.parseString(Files.readString(out.resolve("metrics.json")))
                            .getAsJsonObject()
                            .get("test_accuracy")
                            .getAsDouble();
            assertTrue(
                    Files.readString(out.resolve("config.json")).contains(loops[i].toUpperCase()));
        }
        assertTrue(accuracy[0] > 0.9, "learns: " + accuracy[0]);
        assertEquals(accuracy[0], accuracy[1], 0.01, "jvm vs engine");
    }

    @Test
    void engineAndJavaInternalsBecomeWordsAUserKnows() {
        assertTrue(
                Main.message(
                                new ai.djl.engine.EngineException(
                                        "[enforce fail at alloc_cpu.cpp:117] data. "
                                                + "DefaultCPUAllocator: not enough memory"))
                        .startsWith("the engine could not allocate memory"));
        assertTrue(Main.message(new java.io.EOFException()).contains("truncated"));
        assertEquals("bad thing", Main.message(new IllegalStateException("Error: bad thing")));
        assertTrue(
                Main.message(new OutOfMemoryError("Java heap space"))
                        .contains("SPIKESHIFT_JAVA_OPTS=-Xmx"));
        Outcome model = run("train", "--model", "state-space", "--out", "x");
        assertOneLineError(
                model, "unknown model 'state-space' (expected one of lif, adlif, radlif)");
    }

    @Test
    void mistakesAUserCanActOn(@TempDir Path dir) {
        Outcome unknown = run("trian", "--epochs", "1");
        assertEquals(2, unknown.code());
        assertOneLineError(unknown, "unknown command 'trian'; commands: train, evaluate, adapt");
        assertOneLineError(
                run("train", "--dropout", "NaN", "--out", dir.resolve("a").toString()),
                "--dropout");
        assertFalse(Files.exists(dir.resolve("a")), "no empty run folder");
        assertOneLineError(
                run("train", "--lr", "Infinity", "--out", dir.resolve("b").toString()),
                "--lr must be a finite positive number");
        assertOneLineError(
                run("train", "--clip-norm", "-1", "--out", dir.resolve("c").toString()),
                "--clip-norm");
        Outcome tiny =
                run(
                        "train",
                        "--bin-ms",
                        "1e-6",
                        "--epochs",
                        "1",
                        "--out",
                        dir.resolve("d").toString());
        assertOneLineError(tiny, "needs T = ");
        assertEquals(2, tiny.code());
        assertFalse(Files.exists(dir.resolve("d")), "no run folder for a run that cannot start");
        assertOneLineError(
                run("train", "--train-fraction", "0", "--out", dir.resolve("f").toString()),
                "--train-fraction must be in (0, 1]");
        Outcome huge = run("train", "--hidden", "2000000000", "--out", dir.resolve("e").toString());
        assertOneLineError(huge, "this machine has");
        assertFalse(Files.exists(dir.resolve("e")));
        // scripts that parse stdout get JSON either way
        Outcome json =
                run(
                        "evaluate",
                        "--checkpoint",
                        dir.resolve("missing").toString(),
                        "--dataset",
                        "generated",
                        "--json");
        assertTrue(json.code() != 0);
        assertTrue(
                JsonParser.parseString(json.out().strip()).getAsJsonObject().has("error"),
                json.out());
    }

    @Test
    void resumeContinuesOnlyItsOwnRunAndOnlyTheFlagsThatMayChange(@TempDir Path dir)
            throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(
                0,
                run(
                                "train",
                                "--bin-ms",
                                "50",
                                "--epochs",
                                "1",
                                "--model",
                                "lif",
                                "--hidden",
                                "8,8",
                                "--out",
                                a.toString())
                        .code());
        assertEquals(
                0,
                run(
                                "train",
                                "--bin-ms",
                                "50",
                                "--epochs",
                                "1",
                                "--hidden",
                                "16",
                                "--out",
                                b.toString())
                        .code());
        String metricsOfB = Files.readString(b.resolve("metrics.json"));
        Files.copy(
                a.resolve("checkpoints/last.ckpt"),
                b.resolve("checkpoints/last.ckpt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertOneLineError(
                run("train", "--resume", b.toString(), "--epochs", "2"), "holds another network");
        assertEquals(metricsOfB, Files.readString(b.resolve("metrics.json")), "metrics untouched");

        assertOneLineError(
                run("train", "--resume", a.toString(), "--hidden", "4", "--lr", "0.1"),
                "--hidden, --lr cannot change on resume");
        Path c = dir.resolve("c");
        java.nio.file.Files.createDirectories(c.resolve("checkpoints"));
        Files.copy(a.resolve("config.json"), c.resolve("config.json"));
        byte[] full = Files.readAllBytes(a.resolve("checkpoints/last.ckpt"));
        for (int cut : new int[] {full.length - 40, full.length / 2, 6}) {
            Files.write(c.resolve("checkpoints/last.ckpt"), java.util.Arrays.copyOf(full, cut));
            Outcome truncated = run("train", "--resume", c.toString());
            assertOneLineError(truncated, "truncated");
            assertEquals(1, truncated.code());
        }

        Outcome extended = run("train", "--resume", a.toString(), "--epochs", "2");
        assertEquals(0, extended.code(), extended.err());
        JsonObject metrics =
                JsonParser.parseString(Files.readString(a.resolve("metrics.json")))
                        .getAsJsonObject();
        assertEquals(2, metrics.get("epochs").getAsInt());
        assertTrue(Files.readString(a.resolve("config.json")).contains("\"epochs\": 2"));
    }

    /**
     * An N-MNIST folder of {@code perClass} recordings per class for 2 classes in each split given.
     */
    private static Path nmnistFixture(Path dir, int perClass, String... splits) throws IOException {
        org.spikeshift.datasets.format.NmnistBinReader w =
                new org.spikeshift.datasets.format.NmnistBinReader(34, 34);
        for (String split : splits) {
            for (int c = 0; c < 2; c++) {
                Path d = Files.createDirectories(dir.resolve(split).resolve(Integer.toString(c)));
                for (int i = 0; i < perClass; i++) {
                    Files.write(
                            d.resolve(i + ".bin"),
                            w.encode(
                                    new int[] {c, 3 + i},
                                    new int[] {1, 2},
                                    new int[] {1, 0},
                                    new int[] {1000 * i, 30000 + i}));
                }
            }
        }
        return dir;
    }

    @Test
    void splitsThatCannotBeUsedAreSaidSo(@TempDir Path dir) throws IOException {
        // 3 per class: the carved 10 % test split is empty
        Path noTest = nmnistFixture(dir.resolve("no-test"), 3, "Train");
        Outcome empty =
                run(
                        "train",
                        "--dataset",
                        "nmnist",
                        "--data-dir",
                        noTest.toString(),
                        "--epochs",
                        "1",
                        "--out",
                        dir.resolve("r1").toString());
        assertOneLineError(
                empty, "the test split of nmnist has no sample (samples per class: 0: 0, 1: 0)");
        assertFalse(Files.exists(dir.resolve("r1").resolve("metrics.json")));

        // 4 per class: the 10 % validation split is empty, so selection falls back to the training
        // loss
        Path noValidation = nmnistFixture(dir.resolve("no-val"), 4, "Train", "Test");
        Outcome fallback =
                run(
                        "train",
                        "--dataset",
                        "nmnist",
                        "--data-dir",
                        noValidation.toString(),
                        "--epochs",
                        "2",
                        "--hidden",
                        "8",
                        "--out",
                        dir.resolve("r2").toString());
        assertEquals(0, fallback.code(), fallback.err());
        JsonObject metrics =
                JsonParser.parseString(Files.readString(dir.resolve("r2/metrics.json")))
                        .getAsJsonObject();
        assertTrue(
                metrics.get("selection").getAsString().startsWith("training_loss"),
                metrics.toString());
    }

    @Test
    void badFlagsAndValuesGiveOneLineErrors(@TempDir Path dir) {
        assertOneLineError(
                run("train", "--bin-ms", "-1", "--out", dir.resolve("a").toString()), "--bin-ms");
        assertOneLineError(
                run("train", "--model", "hodgkin", "--out", dir.resolve("b").toString()),
                "unknown model");
        assertOneLineError(
                run("train", "--batch-size", "0", "--out", dir.resolve("c").toString()),
                "--batch-size");
        assertOneLineError(
                run("train", "--hidden", "-4", "--out", dir.resolve("d").toString()), "--hidden");
        assertOneLineError(
                run("train", "--dataset", "nmnist", "--out", dir.resolve("e").toString()),
                "--data-dir");
        assertOneLineError(
                run("train", "--epochs", "x", "--out", dir.resolve("f").toString()), "--epochs");
        assertOneLineError(run("train", "--no-such-flag"), "no-such-flag");
        assertOneLineError(
                run("train", "--surrogate-scale", "-2", "--out", dir.resolve("g").toString()),
                "--surrogate-scale");
        assertOneLineError(
                run("evaluate", "--checkpoint", dir.resolve("missing").toString()), "missing");
        assertOneLineError(
                run(
                        "adapt",
                        "--checkpoint",
                        dir.toString(),
                        "--to-bin-ms",
                        "1",
                        "--method",
                        "magic",
                        "--out",
                        dir.resolve("o").toString()),
                "magic");
        assertFalse(Files.exists(dir.resolve("a")), "a failed run must leave nothing behind");
    }

    @Test
    void trainEvaluateAndAdaptEndToEnd(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Outcome train =
                run(
                        "train",
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "25",
                        "--epochs",
                        "2",
                        "--hidden",
                        "32",
                        "--seed",
                        "3",
                        "--out",
                        run.toString());
        assertEquals(0, train.code(), train.err());
        JsonObject metrics =
                JsonParser.parseString(Files.readString(run.resolve("metrics.json")))
                        .getAsJsonObject();
        double trained = metrics.get("test_accuracy").getAsDouble();

        Outcome eval =
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "25",
                        "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonObject e = JsonParser.parseString(eval.out().strip()).getAsJsonObject();
        assertEquals(trained, e.get("accuracy").getAsDouble(), 1e-12);
        assertEquals(500, e.get("samples").getAsInt());

        Path adapted = dir.resolve("adapted");
        Outcome adapt =
                run(
                        "adapt",
                        "--checkpoint",
                        run.toString(),
                        "--from-bin-ms",
                        "25",
                        "--to-bin-ms",
                        "12.5",
                        "--method",
                        "euler",
                        "--out",
                        adapted.toString());
        assertEquals(0, adapt.code(), adapt.err());
        Outcome fine =
                run(
                        "evaluate",
                        "--checkpoint",
                        adapted.toString(),
                        "--dataset",
                        "generated",
                        "--json");
        assertEquals(0, fine.code(), fine.err());
        assertEquals(
                12.5,
                JsonParser.parseString(fine.out().strip())
                        .getAsJsonObject()
                        .get("bin_ms")
                        .getAsDouble());

        // no variant flags: the method's measured best variant; a quote in a path stays valid JSON
        Path quoted = dir.resolve("adapted \"integral\"");
        Outcome integral =
                run(
                        "adapt",
                        "--checkpoint",
                        run.toString(),
                        "--to-bin-ms",
                        "12.5",
                        "--method",
                        "integral",
                        "--out",
                        quoted.toString());
        assertEquals(0, integral.code(), integral.err());
        JsonObject record =
                JsonParser.parseString(Files.readString(quoted.resolve("adaptation.json")))
                        .getAsJsonObject();
        assertEquals("sf=propagated;norm=rho-rho2", record.get("variant").getAsString());
        assertEquals(0.5, record.get("rho").getAsDouble(), 1e-12);
        assertTrue(
                run("adapt", "--help").out().contains("integral     sf=propagated;norm=rho-rho2"));

        assertOneLineError(
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "1e-6"),
                "needs T = ");
        assertOneLineError(run("train", "--out", run.toString()), "already holds a run");
        assertOneLineError(
                run(
                        "adapt",
                        "--checkpoint",
                        run.toString(),
                        "--from-bin-ms",
                        "10",
                        "--to-bin-ms",
                        "5",
                        "--method",
                        "integral",
                        "--out",
                        dir.resolve("x").toString()),
                "does not match");
    }

    @Test
    void mixedTrainingRecordsItselfAndEvaluatesByItsRuleAndEventDriven(@TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("mixed");
        Outcome train =
                run(
                        "train",
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "20",
                        "--ranges-bin-ms",
                        "20",
                        "--mixed-bins-ms",
                        "10,20,40",
                        "--mixed-configs",
                        "2",
                        "--epochs",
                        "3",
                        "--hidden",
                        "24",
                        "--seed",
                        "2",
                        "--out",
                        run.toString());
        assertEquals(0, train.code(), train.err());
        JsonObject config =
                JsonParser.parseString(Files.readString(run.resolve("config.json")))
                        .getAsJsonObject();
        assertEquals("EULER", config.getAsJsonObject("mixed").get("conversion").getAsString());
        double trained =
                JsonParser.parseString(Files.readString(run.resolve("metrics.json")))
                        .getAsJsonObject()
                        .get("test_accuracy")
                        .getAsDouble();
        assertTrue(trained > 0.5, "learns: " + trained);

        Outcome fine =
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "10",
                        "--json");
        assertEquals(0, fine.code(), fine.err());
        JsonObject f = JsonParser.parseString(fine.out().strip()).getAsJsonObject();
        assertEquals("euler", f.get("conversion").getAsString());
        assertTrue(f.get("trained_mixed").getAsString().contains("bins 10,20,40 ms"), f.toString());
        assertTrue(f.get("accuracy").getAsDouble() > 0.5, f.toString());
        Outcome same =
                run("evaluate", "--checkpoint", run.toString(), "--dataset", "generated", "--json");
        assertEquals(
                "none",
                JsonParser.parseString(same.out().strip())
                        .getAsJsonObject()
                        .get("conversion")
                        .getAsString());
        // adapt takes a mixed network like any other (by default Euler, the rule it was trained
        // with)
        Path adapted = dir.resolve("mixed-at-10ms");
        assertEquals(
                0,
                run(
                                "adapt",
                                "--checkpoint",
                                run.toString(),
                                "--to-bin-ms",
                                "10",
                                "--out",
                                adapted.toString())
                        .code());
        Outcome viaAdapt =
                run(
                        "evaluate",
                        "--checkpoint",
                        adapted.toString(),
                        "--dataset",
                        "generated",
                        "--json");
        assertEquals(
                f.get("accuracy").getAsDouble(),
                JsonParser.parseString(viaAdapt.out().strip())
                        .getAsJsonObject()
                        .get("accuracy")
                        .getAsDouble(),
                1e-9);

        Outcome events =
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--event-driven",
                        "--json");
        assertEquals(0, events.code(), events.err());
        JsonObject e = JsonParser.parseString(events.out().strip()).getAsJsonObject();
        assertEquals(
                trained,
                e.get("accuracy").getAsDouble(),
                1e-9,
                "the exact neuron reproduces the network");
        assertEquals(0, e.get("spike_difference").getAsDouble(), 1e-9);
        assertTrue(e.get("events_per_second").getAsDouble() > 0);
        Outcome integrate =
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--event-driven",
                        "--neuron",
                        "if",
                        "--json");
        assertEquals(0, integrate.code(), integrate.err());
        assertTrue(
                JsonParser.parseString(integrate.out().strip())
                        .getAsJsonObject()
                        .has("spike_difference"));

        // per-step ranges: the parameters run as they are at every bin, and evaluation never
        // converts
        Path perStep = dir.resolve("per-step");
        assertEquals(
                0,
                run(
                                "train",
                                "--dataset",
                                "generated",
                                "--bin-ms",
                                "20",
                                "--mixed-steps",
                                "10:30",
                                "--stages",
                                "single",
                                "--epochs",
                                "1",
                                "--hidden",
                                "8",
                                "--out",
                                perStep.toString())
                        .code());
        Outcome plain =
                run(
                        "evaluate",
                        "--checkpoint",
                        perStep.toString(),
                        "--dataset",
                        "generated",
                        "--bin-ms",
                        "10",
                        "--json");
        assertEquals(
                "none",
                JsonParser.parseString(plain.out().strip())
                        .getAsJsonObject()
                        .get("conversion")
                        .getAsString());

        assertOneLineError(
                run(
                        "train",
                        "--mixed-bins-ms",
                        "1,2",
                        "--mixed-steps",
                        "3:5",
                        "--out",
                        dir.resolve("a").toString()),
                "exclude each other");
        assertOneLineError(
                run("train", "--mixed-steps", "3-5", "--out", dir.resolve("b").toString()),
                "--mixed-steps");
        assertOneLineError(
                run(
                        "train",
                        "--mixed-bins-ms",
                        "10,20",
                        "--stages",
                        "2,2",
                        "--out",
                        dir.resolve("c").toString()),
                "--stages");
        assertOneLineError(
                run("train", "--mixed-bins-ms", "10,-2", "--out", dir.resolve("d").toString()),
                "--mixed-bins-ms");
        assertOneLineError(
                run("train", "--stages", "single", "--out", dir.resolve("e").toString()),
                "--stages");
        assertOneLineError(
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "generated",
                        "--event-driven",
                        "--neuron",
                        "hodgkin"),
                "--neuron");
        for (String name : List.of("a", "b", "c", "d", "e")) {
            assertFalse(
                    Files.exists(dir.resolve(name)),
                    "a refused run leaves nothing behind: " + name);
        }
    }

    @Test
    void flexibilityComparesBothRoutesAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("flex");
        String[] args = {
            "experiment",
            "flexibility",
            "--epochs",
            "1",
            "--hidden",
            "8",
            "--eval-bins-ms",
            "10,20",
            "--mixed-bins-ms",
            "10,20",
            "--mixed-configs",
            "2",
            "--out",
            out.toString()
        };
        Outcome o = run(args);
        assertEquals(0, o.code(), o.err());
        List<String> csv = Files.readAllLines(out.resolve("flexibility.csv"));
        assertEquals(
                "dataset,model,seed,method,variant,eval_bin_ms,accuracy,train_seconds", csv.get(0));
        // standard: as trained + five methods + two event-driven neurons; mtt: two + two; at two
        // bins
        assertEquals(1 + 2 * (8 + 4), csv.size(), String.join("\n", csv));
        String recalibrated = "generated,mtt,1,none,rule=euler;bn=recalibrated,20,";
        assertTrue(csv.stream().anyMatch(l -> l.startsWith(recalibrated)));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("generated,standard,1,euler,")));
        JsonObject first =
                JsonParser.parseString(Files.readString(out.resolve("event_driven.json")))
                        .getAsJsonArray()
                        .get(0)
                        .getAsJsonObject();
        for (String key :
                List.of(
                        "model",
                        "seed",
                        "eval_bin_ms",
                        "neuron",
                        "accuracy",
                        "spike_difference",
                        "events_per_second")) {
            assertTrue(first.has(key), key + " in " + first);
        }
        assertTrue(Files.size(out.resolve("flexibility.png")) > 0);
        assertTrue(
                Files.readString(out.resolve("flexibility.md"))
                        .contains("generated / mtt / trained at 10 ms"));
        Outcome again = run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(
                csv,
                Files.readAllLines(out.resolve("flexibility.csv")),
                "a rerun skips finished cells");
    }

    @Test
    void ncaltech101RunsEndToEndThroughConvolutionalLayers(@TempDir Path dir) throws Exception {
        NmnistBinReader writer = new NmnistBinReader(240, 180);
        java.util.Random random = new java.util.Random(4);
        List<String> categories = List.of("accordion", "airplanes", "Faces_easy");
        for (String split : List.of("Train", "Test")) {
            for (int c = 0; c < categories.size(); c++) {
                Path folder =
                        Files.createDirectories(
                                dir.resolve("ncaltech").resolve(split).resolve(categories.get(c)));
                for (int i = 1; i <= 6; i++) {
                    int n = 300;
                    int[] x = new int[n];
                    int[] y = new int[n];
                    int[] p = new int[n];
                    int[] t = new int[n];
                    for (int e = 0; e < n; e++) { // each category lights its own band of the sensor
                        x[e] = 80 * c + random.nextInt(80);
                        y[e] = random.nextInt(180);
                        p[e] = random.nextInt(2);
                        t[e] = e * 100;
                    }
                    Files.write(
                            folder.resolve(String.format("image_%04d.bin", i)),
                            writer.encode(x, y, p, t));
                }
            }
        }
        Path run = dir.resolve("run");
        Outcome train =
                run(
                        "train",
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--conv",
                        "2",
                        "--pool",
                        "4",
                        "--pool-mode",
                        "max",
                        "--hidden",
                        "8",
                        "--bin-ms",
                        "10",
                        "--epochs",
                        "2",
                        "--batch-size",
                        "6",
                        "--out",
                        run.toString());
        assertEquals(0, train.code(), train.err());
        JsonObject spec =
                JsonParser.parseString(Files.readString(run.resolve("config.json")))
                        .getAsJsonObject();
        assertEquals(2, spec.getAsJsonObject("conv").getAsJsonArray("filters").get(0).getAsInt());
        Outcome eval =
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--json");
        assertEquals(0, eval.code(), eval.err());
        assertEquals(
                18,
                JsonParser.parseString(eval.out().strip())
                        .getAsJsonObject()
                        .get("samples")
                        .getAsInt());
        Path adapted = dir.resolve("adapted");
        assertEquals(
                0,
                run(
                                "adapt",
                                "--checkpoint",
                                run.toString(),
                                "--to-bin-ms",
                                "5",
                                "--out",
                                adapted.toString())
                        .code());
        Outcome fine =
                run(
                        "evaluate",
                        "--checkpoint",
                        adapted.toString(),
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--json");
        assertEquals(0, fine.code(), fine.err());
        assertOneLineError(
                run(
                        "evaluate",
                        "--checkpoint",
                        run.toString(),
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--event-driven"),
                "convolutional");
        assertOneLineError(
                run("train", "--conv", "4", "--out", dir.resolve("x").toString()), "--conv");
        assertOneLineError(
                run(
                        "train",
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--conv",
                        "4",
                        "--kernel",
                        "2",
                        "--out",
                        dir.resolve("y").toString()),
                "--kernel");
        assertOneLineError(
                run(
                        "train",
                        "--dataset",
                        "ncaltech101",
                        "--data-dir",
                        dir.resolve("ncaltech").toString(),
                        "--conv",
                        "4",
                        "--model",
                        "radlif",
                        "--out",
                        dir.resolve("z").toString()),
                "radlif");
    }

    /** N-MNIST-layout recordings of three classes, each lighting its own band of the sensor. */
    private static Path nmnistFixture(Path dir) throws IOException {
        NmnistBinReader writer = new NmnistBinReader(34, 34);
        java.util.Random random = new java.util.Random(8);
        for (String split : List.of("Train", "Test")) {
            for (int c = 0; c < 3; c++) {
                Path folder =
                        Files.createDirectories(dir.resolve(split).resolve(Integer.toString(c)));
                for (int i = 0; i < 8; i++) {
                    int n = 200;
                    int[] x = new int[n];
                    int[] y = new int[n];
                    int[] p = new int[n];
                    int[] t = new int[n];
                    for (int e = 0; e < n; e++) {
                        x[e] = 11 * c + random.nextInt(11);
                        y[e] = random.nextInt(34);
                        p[e] = random.nextInt(2);
                        t[e] = e * 500;
                    }
                    Files.write(folder.resolve(i + ".bin"), writer.encode(x, y, p, t));
                }
            }
        }
        return dir;
    }

    /** MNIST IDX files of 28 x 28 images of classes 0-2, each bright in its own band. */
    private static Path mnistFixture(Path dir) throws IOException {
        Files.createDirectories(dir);
        int count = 30;
        java.io.ByteArrayOutputStream images = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream im = new java.io.DataOutputStream(images);
        im.writeInt(0x803);
        im.writeInt(count);
        im.writeInt(28);
        im.writeInt(28);
        java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream lb = new java.io.DataOutputStream(labels);
        lb.writeInt(0x801);
        lb.writeInt(count);
        java.util.Random random = new java.util.Random(9);
        for (int i = 0; i < count; i++) {
            int c = i % 3;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    im.writeByte(x / 10 == c ? 150 + random.nextInt(100) : random.nextInt(30));
                }
            }
            lb.writeByte(c);
        }
        Files.write(dir.resolve("images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve("labels-idx1-ubyte"), labels.toByteArray());
        return dir;
    }

    @Test
    void transferWithWeightZeroIsEventsOnlyTrainingAndTheExperimentWritesItsTable(@TempDir Path dir)
            throws Exception {
        Path events = nmnistFixture(dir.resolve("nmnist"));
        Path images = mnistFixture(dir.resolve("mnist"));
        String[] common = {
            "train",
            "--dataset",
            "nmnist",
            "--data-dir",
            events.toString(),
            "--hidden",
            "16",
            "--epochs",
            "3",
            "--batch-size",
            "8",
            "--seed",
            "5"
        };
        Outcome plain = run(concat(common, "--out", dir.resolve("plain").toString()));
        assertEquals(0, plain.code(), plain.err());
        Outcome off =
                run(
                        concat(
                                common,
                                "--transfer-from",
                                "mnist",
                                "--transfer-data-dir",
                                images.toString(),
                                "--transfer-weight",
                                "0",
                                "--out",
                                dir.resolve("off").toString()));
        assertEquals(0, off.code(), off.err());
        assertEquals(
                withoutSeconds(dir.resolve("plain/metrics.csv")),
                withoutSeconds(dir.resolve("off/metrics.csv")));
        Outcome on =
                run(
                        concat(
                                common,
                                "--transfer-from",
                                "mnist",
                                "--transfer-data-dir",
                                images.toString(),
                                "--out",
                                dir.resolve("on").toString()));
        assertEquals(0, on.code(), on.err());
        assertTrue(
                !withoutSeconds(dir.resolve("plain/metrics.csv"))
                        .equals(withoutSeconds(dir.resolve("on/metrics.csv"))));
        Outcome eval =
                run(
                        "evaluate",
                        "--checkpoint",
                        dir.resolve("on").toString(),
                        "--dataset",
                        "nmnist",
                        "--data-dir",
                        events.toString(),
                        "--bin-ms",
                        "5",
                        "--json");
        assertEquals(0, eval.code(), eval.err());
        for (String method : List.of("none", "euler")) { // the static head stays behind
            Outcome adapt =
                    run(
                            "adapt",
                            "--checkpoint",
                            dir.resolve("on").toString(),
                            "--to-bin-ms",
                            "5",
                            "--method",
                            method,
                            "--out",
                            dir.resolve("on-" + method).toString());
            assertEquals(0, adapt.code(), adapt.err());
        }

        Path out = dir.resolve("experiment");
        Outcome experiment =
                run(
                        "experiment",
                        "transfer",
                        "--dataset",
                        "nmnist",
                        "--data-dir",
                        events.toString(),
                        "--transfer-from",
                        "mnist",
                        "--transfer-data-dir",
                        images.toString(),
                        "--event-fractions",
                        "0.5,1",
                        "--hidden",
                        "16",
                        "--epochs",
                        "2",
                        "--batch-size",
                        "8",
                        "--out",
                        out.toString());
        assertEquals(0, experiment.code(), experiment.err());
        List<String> csv = Files.readAllLines(out.resolve("transfer.csv"));
        assertEquals("dataset,method,event_fraction,seed,accuracy", csv.get(0));
        assertEquals(1 + 2 * 3, csv.size(), String.join("\n", csv));
        assertTrue(Files.size(out.resolve("transfer.png")) > 0);
        assertTrue(
                Files.readString(out.resolve("transfer.md")).contains("static-pretrain-finetune"));

        assertOneLineError(
                run(
                        concat(
                                common,
                                "--transfer-from",
                                "mnist",
                                "--out",
                                dir.resolve("x").toString())),
                "--transfer-data-dir");
        assertOneLineError(
                run(
                        concat(
                                common,
                                "--transfer-from",
                                "mnist",
                                "--transfer-data-dir",
                                dir.resolve("missing").toString(),
                                "--out",
                                dir.resolve("y").toString())),
                "missing");
        for (String[] bad :
                new String[][] {{"--transfer-weight", "2"}, {"--transfer-alignment", "-1"}}) {
            assertOneLineError(
                    run(
                            concat(
                                    common,
                                    "--transfer-from",
                                    "mnist",
                                    "--transfer-data-dir",
                                    images.toString(),
                                    bad[0],
                                    bad[1],
                                    "--out",
                                    dir.resolve(bad[0].substring(2)).toString())),
                    bad[0]);
        }
        assertOneLineError(
                run(
                        "train",
                        "--transfer-from",
                        "mnist",
                        "--transfer-data-dir",
                        images.toString(),
                        "--out",
                        dir.resolve("w").toString()),
                "event camera");
    }

    /** metrics.csv without its wall-time column. */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(l -> l.replaceFirst("^((?:[^,]*,){6})[^,]*,", "$1"))
                .toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void encodeWritesTheShdLayoutThatTheShdLoaderReads(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus");
        for (String word : java.util.List.of("low", "high")) {
            Files.createDirectories(corpus.resolve(word));
            for (int i = 0; i < 10; i++) {
                float[] s = new float[4000];
                double hz = (word.equals("low") ? 300 : 2000) + 20 * i;
                for (int k = 0; k < s.length; k++) {
                    s[k] =
                            (float)
                                    (0.4
                                            * Math.sin(2 * Math.PI * hz * k / 16000)
                                            * Math.min(1, Math.min(k, s.length - k) / 400.0));
                }
                Files.write(
                        corpus.resolve(word).resolve(i + ".wav"),
                        org.spikeshift.datasets.format.WavReader.encodePcm16(s, 16000));
            }
        }
        Path out = dir.resolve("encoded");
        Outcome encode =
                run(
                        "datasets",
                        "encode",
                        "--dataset",
                        "wav-folder",
                        "--data-dir",
                        corpus.toString(),
                        "--out",
                        out.toString());
        assertEquals(0, encode.code(), encode.err());
        assertTrue(
                Files.isRegularFile(out.resolve("shd_train.h5"))
                        && Files.isRegularFile(out.resolve("shd_test.h5")));
        Outcome info =
                run("datasets", "info", "--dataset", "shd", "--data-dir", out.toString(), "--json");
        assertEquals(0, info.code(), info.err());
        JsonObject o = JsonParser.parseString(info.out()).getAsJsonObject();
        assertEquals(
                20,
                o.getAsJsonObject("train").get("samples").getAsInt()
                        + o.getAsJsonObject("validation").get("samples").getAsInt()
                        + o.getAsJsonObject("test").get("samples").getAsInt());
        assertOneLineError(
                run(
                        "datasets",
                        "encode",
                        "--dataset",
                        "wav-folder",
                        "--data-dir",
                        corpus.toString(),
                        "--out",
                        out.toString()),
                "already holds");
    }
}
