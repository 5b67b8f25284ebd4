package org.spikeshift.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV files as the project writes them: a header, one record per row, replaced atomically. */
public final class CsvFiles {

    private CsvFiles() {}

    /**
     * Writes {@code rows} under {@code header} to {@code file} (Commons CSV's default quoting, "\n"
     * between records), through a temporary file.
     */
    public static void write(Path file, String[] header, List<? extends Iterable<?>> rows)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer =
                new CSVPrinter(
                        sb,
                        CSVFormat.DEFAULT
                                .builder()
                                .setHeader(header)
                                .setRecordSeparator('\n')
                                .get())) {
            for (Iterable<?> row : rows) {
                printer.printRecord(row);
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
