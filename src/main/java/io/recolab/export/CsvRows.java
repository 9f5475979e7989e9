package io.recolab.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 through Apache Commons CSV: a header row, CRLF line ends, fields quoted only when they
 * hold a comma, quote or line break. Text cells pass {@link SpreadsheetSafe}; a list (an exposure's
 * shown items) is written as a JSON array, which no item id can make ambiguous.
 */
final class CsvRows implements Rows {
    private final CSVPrinter printer;
    private final int width;
    private final Object[] cells;

    CsvRows(List<String> columns, OutputStream out) throws IOException {
        this.width = columns.size();
        this.cells = new Object[width];
        this.printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024),
                CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get());
    }

    @Override
    public void row(Object... values) throws IOException {
        if (values.length != width) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + width + " columns");
        }
        for (int i = 0; i < width; i++) {
            cells[i] = cell(values[i]);
        }
        printer.printRecord(cells);
    }

    static String cell(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return Rows.number(n);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof List<?> || v instanceof java.util.Map<?, ?>) {
            return SpreadsheetSafe.text(JsonLinesRows.array(v));
        }
        return SpreadsheetSafe.text(v.toString());
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.flush();
    }
}
