package org.spikeshift.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.spikeshift.datasets.catalog.DataRequest;
import org.spikeshift.datasets.catalog.DatasetCatalog;
import org.spikeshift.datasets.catalog.DatasetKind;
import org.spikeshift.datasets.event.DataSplits;
import org.spikeshift.datasets.event.EventSample;
import org.spikeshift.datasets.format.ShdHdf5Writer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikeshift datasets encode}: a WAV corpus to HDF5 files in the SHD layout. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        description =
                "Encode a WAV corpus (fsdd, mswc, wav-folder) to spikes, written as "
                        + "shd_train.h5 and "
                        + "shd_test.h5 in the SHD layout; read them back with --dataset shd "
                        + "--data-dir OUT.")
final class EncodeCommand implements Callable<Integer> {

    @Mixin DataOptions data;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Override
    public Integer call() throws Exception {
        DataRequest request = data.request();
        if (request.kind() != DatasetKind.FSDD
                && request.kind() != DatasetKind.MSWC
                && request.kind() != DatasetKind.WAV_FOLDER) {
            throw new IllegalArgumentException(
                    "--dataset must be a WAV corpus (fsdd, mswc, wav-folder), got " + data.dataset);
        }
        Path trainFile = out.resolve("shd_train.h5");
        Path testFile = out.resolve("shd_test.h5");
        if (Files.exists(trainFile) || Files.exists(testFile)) {
            throw new IllegalArgumentException(
                    "--out " + out + " already holds shd_train.h5 or shd_test.h5");
        }
        DataSplits splits = DatasetCatalog.load(request);
        List<EventSample> train = new ArrayList<>(splits.train().samples());
        train.addAll(splits.validation().samples());
        ShdHdf5Writer.write(trainFile, train);
        ShdHdf5Writer.write(testFile, splits.test().samples());
        System.out.printf(
                "wrote %d training and %d test samples (%d channels, encoder %s) to %s and %s%n",
                train.size(),
                splits.test().size(),
                splits.numChannels(),
                DatasetCatalog.encoder(request).id(),
                trainFile,
                testFile);
        return 0;
    }
}
