package org.spikeshift.experiments.experiment;

import java.io.IOException;
import java.util.List;

/**
 * An experiment as a grid that other processes can run: trainings, each followed by cells that
 * depend on it, each cell measuring rows. Tasks and rows are plain strings (JSON and CSV cells), so
 * a cluster manager can ship them; {@link ExperimentGrids#open} rebuilds the grid from its kind and
 * settings in a worker, and only the driver writes the experiment's files ({@link #addRows}).
 */
public interface ExperimentGrid {

    /** The grid's kind, for {@link ExperimentGrids#open}. */
    String kind();

    /** The settings that rebuild this grid elsewhere. */
    String settingsJson();

    /** Every training, as task descriptions. */
    List<String> trainings();

    /** Runs (or resumes, or finds done) one training. */
    void train(String training) throws IOException;

    /** The cells that depend on {@code training}. */
    List<String> cells(String training);

    /** Measures a cell (its training done); rows already in the experiment's files are skipped. */
    List<List<String>> evaluate(String cell) throws IOException;

    /** Adds rows measured anywhere to the experiment's files, skipping any already there. */
    void addRows(List<List<String>> rows) throws IOException;

    /** Runs every training in this process, then the cells that depend on it, adding their rows. */
    default void runHere() throws IOException {
        for (String training : trainings()) {
            train(training);
            for (String cell : cells(training)) {
                addRows(evaluate(cell));
            }
        }
    }
}
