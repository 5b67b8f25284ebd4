package org.spikeshift.experiments.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/** Starts the PyTorch engine with the project's settings (offline, one thread unless told). */
final class Engines {

    private Engines() {}

    static NDManager newManager() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty(
                "ai.djl.pytorch.num_threads",
                System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty(
                "ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        return Engine.getEngine("PyTorch").newBaseManager();
    }
}
