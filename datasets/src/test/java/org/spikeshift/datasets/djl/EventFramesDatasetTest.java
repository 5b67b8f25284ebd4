package org.spikeshift.datasets.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import org.junit.jupiter.api.Test;
import org.spikeshift.datasets.event.EventDataset;
import org.spikeshift.datasets.synthetic.SyntheticSpikes;
import org.spikeshift.datasets.transform.Binning;
import org.spikeshift.datasets.transform.FrameMode;
import org.spikeshift.datasets.transform.FrameSpec;

class EventFramesDatasetTest {

    @Test
    void batchesHaveTheNetworkLayoutAndTheBinnedValues() throws Exception {
        EventDataset data = new SyntheticSpikes(2).generate("g", 10, 1);
        FrameSpec frames = FrameSpec.of(20, SyntheticSpikes.DURATION_US, 700, FrameMode.SUM, null);
        EventFramesDataset ds =
                EventFramesDataset.builder()
                        .setData(data)
                        .setFrames(frames)
                        .setSampling(4, false)
                        .build();
        assertEquals(10, ds.size());
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            Batch batch = ds.getData(manager).iterator().next();
            assertEquals(new Shape(4, 50, 700), batch.getData().head().getShape());
            assertEquals(new Shape(4), batch.getLabels().head().getShape());
            int block = 50 * 700;
            float[] expected = new float[4 * block];
            for (int i = 0; i < 4; i++) {
                Binning.fill(
                        data.samples().get(i),
                        frames.binUs(),
                        50,
                        700,
                        FrameMode.SUM,
                        expected,
                        i * block);
            }
            assertArrayEquals(expected, batch.getData().head().toFloatArray());
            assertEquals(1f, batch.getLabels().head().toFloatArray()[1]);
            float[] lengths = batch.getData().get(1).toFloatArray();
            for (int i = 0; i < 4; i++) {
                int expectedLength = (int) Math.ceil(data.samples().get(i).durationUs() / 20_000.0);
                assertEquals(expectedLength, lengths[i], 0, "sample " + i);
                assertEquals(true, lengths[i] > 30 && lengths[i] <= 50);
            }
            batch.close();
        }
    }
}
