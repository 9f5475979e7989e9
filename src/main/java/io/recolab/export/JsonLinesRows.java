package io.recolab.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.recolab.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON lines: one object per row keyed by the column names (the CSV header), values typed (numbers
 * stay numbers, empty cells are null, lists are arrays), written by Jackson's streaming generator.
 */
final class JsonLinesRows implements Rows {
    private final JsonGenerator json;
    private final List<SerializedString> names;
    private long rows;

    JsonLinesRows(List<String> columns, OutputStream out) throws IOException {
        this.names = columns.stream().map(SerializedString::new).toList();
        this.json = Json.MAPPER.getFactory().createGenerator(out);
        this.json.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    public void row(Object... values) throws IOException {
        if (values.length != names.size()) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + names.size() + " columns");
        }
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(names.get(i));
            write(json, values[i]);
        }
        json.writeEndObject();
        rows++;
    }

    private static void write(JsonGenerator json, Object v) throws IOException {
        if (v == null) {
            json.writeNull();
        } else if (v instanceof Long || v instanceof Integer) {
            json.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            // The CSV's number text (whole values without ".0": docs/operations.md), as a JSON number.
            String text = Rows.number(n);
            if (text != null) {
                json.writeNumber(text);
            } else {
                json.writeNull();
            }
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof java.util.Map<?, ?> map) {
            json.writeStartObject();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                json.writeStringField(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
            json.writeEndObject();
        } else if (v instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                json.writeString(String.valueOf(item));
            }
            json.writeEndArray();
        } else {
            json.writeString(v.toString());
        }
    }

    /** A list as a compact JSON array (CSV's cell for shown items). */
    /** A list or a map of strings as JSON text: how a CSV cell holds them. */
    static String array(Object listOrMap) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            write(g, listOrMap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }

    @Override
    public void close() throws IOException {
        // Every line ends with a newline, the last one too (as jq and line readers expect).
        if (rows > 0) {
            json.writeRaw('\n');
        }
        json.flush();
    }
}
