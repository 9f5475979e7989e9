package io.recolab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleConsumer;
import java.util.HashMap;
import java.util.Map;

/**
 * The UCI Online Retail CSV (Chen, 2015, doi:10.24432/C5BW33). Drops rows with no CustomerID, with
 * Quantity <= 0, or whose InvoiceNo starts with C (cancellations); CustomerID {@code 17850.0} is
 * {@code 17850}; InvoiceDate is UTC in {@code YYYY-MM-DD HH:MM:SS} or {@code M/D/YYYY H:MM}.
 * Columns are found by header name, so their order does not matter.
 */
final class OnlineRetailLoader {
    private static final String[] REQUIRED = {"InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "CustomerID"};
    /** Other spellings of the required columns: Online Retail II ({@code Invoice}, {@code Customer ID}). */
    private static final String[][] ALIASES = {{"invoiceno", "invoice"}, {"stockcode"}, {"quantity"}, {"invoicedate"},
            {"customerid"}};

    private OnlineRetailLoader() {
    }

    static LoadResult load(Path path, DoubleConsumer progress) {
        RowTally tally = new RowTally(path.toString());
        InteractionsBuilder builder = new InteractionsBuilder();
        try (CsvReader csv = new CsvReader(RowTally.open(path, progress))) {
            if (!csv.next()) {
                throw new DataException("data file is empty: " + path);
            }
            int[] column = columns(csv, path);
            int invoiceAt = column[0];
            int stockAt = column[1];
            int quantityAt = column[2];
            int dateAt = column[3];
            int customerAt = column[4];
            int width = Math.max(Math.max(invoiceAt, stockAt), Math.max(Math.max(quantityAt, dateAt), customerAt)) + 1;
            // Rows of one invoice share a date string and a customer: remember the last conversion.
            String lastDate = null;
            long lastEpoch = 0;
            Map<String, String> customerIds = new HashMap<>();
            while (csv.next()) {
                if (csv.malformed() || csv.count() < width) {
                    tally.skip(csv.line(), csv.malformed() ? "unterminated quote" : "only " + csv.count() + " fields");
                    continue;
                }
                String customer = csv.field(customerAt).trim();
                String invoice = csv.field(invoiceAt).trim();
                if (customer.isEmpty() || invoice.startsWith("C") || invoice.startsWith("c")) {
                    tally.drop();
                    continue;
                }
                String stock = csv.field(stockAt).trim();
                if (stock.isEmpty()) {
                    tally.skip(csv.line(), "empty StockCode");
                    continue;
                }
                double quantity;
                try {
                    quantity = Double.parseDouble(csv.field(quantityAt));
                } catch (NumberFormatException e) {
                    tally.skip(csv.line(), "bad Quantity '" + csv.field(quantityAt) + "'");
                    continue;
                }
                if (!(quantity > 0)) {
                    tally.drop();
                    continue;
                }
                String date = csv.field(dateAt).trim();
                if (!date.equals(lastDate)) {
                    try {
                        lastEpoch = Timestamps.retailDate(date);
                        lastDate = date;
                    } catch (IllegalArgumentException e) {
                        tally.skip(csv.line(), e.getMessage());
                        continue;
                    }
                }
                builder.add(customerIds.computeIfAbsent(customer, OnlineRetailLoader::customerId), stock, lastEpoch);
                tally.keep();
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return tally.finish(builder);
    }

    /** {@code 17850.0} (the float the UTF-8 export writes) and {@code 17850} name one customer. */
    static String customerId(String raw) {
        int dot = raw.indexOf('.');
        if (dot > 0) {
            for (int i = dot + 1; i < raw.length(); i++) {
                if (raw.charAt(i) != '0') {
                    return raw;
                }
            }
            return raw.substring(0, dot);
        }
        return raw;
    }

    private static int[] columns(CsvReader csv, Path path) {
        int[] at = new int[REQUIRED.length];
        for (int r = 0; r < REQUIRED.length; r++) {
            at[r] = -1;
            for (int f = 0; f < csv.count(); f++) {
                String name = csv.field(f).replace("\uFEFF", "").replace(" ", "").replace("_", "").trim()
                        .toLowerCase(java.util.Locale.ROOT);
                for (String alias : ALIASES[r]) {
                    if (name.equals(alias)) {
                        at[r] = f;
                    }
                }
            }
            if (at[r] < 0) {
                throw new DataException(path + ": not an Online Retail file, the header has no " + REQUIRED[r]
                        + " column (expected InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)");
            }
        }
        return at;
    }
}
