package io.recolab.recommend.itemtoitem;

import io.recolab.data.DataException;
import io.recolab.data.Dictionary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A similar-items table as files, version 1: what a training job outside the server (the Spark job of
 * spark/, ItemToItemJob) publishes and {@code serve --item-to-item-model DIR} loads. A directory:
 * <pre>
 *   MANIFEST      key=value lines: format=recolab-similar-items, version=1, measure, maxRelated,
 *                 minSupport, items (source items with a list), entries (related items in all)
 *   part-*        UTF-8 lines (gzip when the name ends in .gz), one per source item, in any order:
 *                 item TAB related TAB weight [TAB related TAB weight ...], best first
 * </pre>
 * Item ids are the log's external ids (no tab, no line break); weights are positive floats written by
 * {@link Float#toString} (which reads back to the same float); ties are in {@link Dictionary#ID_ORDER},
 * the order the in-memory table breaks them in. Several part files let a cluster write in parallel;
 * the manifest, written last, says the table is complete and how large.
 */
public final class SimilarItemsFile {
    public static final String FORMAT = "recolab-similar-items";
    public static final int VERSION = 1;
    public static final String MANIFEST = "MANIFEST";

    public record Related(String item, float weight) {
    }

    public record Manifest(int version, String measure, int maxRelated, int minSupport, long items, long entries) {
        public String text() {
            return "format=" + FORMAT + "\nversion=" + version + "\nmeasure=" + measure + "\nmaxRelated=" + maxRelated
                    + "\nminSupport=" + minSupport + "\nitems=" + items + "\nentries=" + entries + "\n";
        }
    }

    /** A table mapped onto a log's item indexes, with what the log did not know. */
    public record Loaded(Manifest manifest, SimilarItems table, long unknownItems, long unknownRelated) {
    }

    private SimilarItemsFile() {
    }

    /** One part-file line (without its line break). */
    public static String line(String item, List<Related> related) {
        StringBuilder out = new StringBuilder(item.length() + related.size() * 24);
        out.append(checkId(item));
        for (Related r : related) {
            out.append('\t').append(checkId(r.item())).append('\t').append(Float.toString(r.weight()));
        }
        return out.toString();
    }

    private static String checkId(String id) {
        if (id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an item id in a similar-items file must be non-empty, without tab or "
                    + "line break, got '" + id + "'");
        }
        return id;
    }

    /** Writes a table computed here (one part file, then the manifest): the same files the Spark job writes. */
    public static Manifest write(Path dir, SimilarItems table, Dictionary items, String measure, int maxRelated,
                                 int minSupport) {
        try {
            Files.createDirectories(dir);
            long lists = 0;
            try (java.io.Writer out = Files.newBufferedWriter(dir.resolve("part-00000"), StandardCharsets.UTF_8)) {
                for (int a = 0; a < items.size(); a++) {
                    if (table.end(a) > table.start(a)) {
                        List<Related> related = new ArrayList<>(table.end(a) - table.start(a));
                        for (int r = table.start(a); r < table.end(a); r++) {
                            related.add(new Related(items.id(table.related()[r]), table.weight()[r]));
                        }
                        out.write(line(items.id(a), related));
                        out.write('\n');
                        lists++;
                    }
                }
            }
            Manifest manifest = new Manifest(VERSION, measure, maxRelated, minSupport, lists, table.related().length);
            Files.writeString(dir.resolve(MANIFEST), manifest.text(), StandardCharsets.UTF_8);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the similar-items table to " + dir, e);
        }
    }

    public static Manifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new DataException("no similar-items table at " + dir + ": " + MANIFEST + " is missing (a job still "
                    + "writing, or not a model directory)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(values.get("format"))) {
            throw new DataException(file + ": format must be " + FORMAT + ", got " + values.get("format"));
        }
        int version = (int) number(values, "version", file);
        if (version != VERSION) {
            throw new DataException(file + ": version " + version + " is not supported (this server reads version "
                    + VERSION + ")");
        }
        return new Manifest(version, values.getOrDefault("measure", "unknown"), (int) number(values, "maxRelated", file),
                (int) number(values, "minSupport", file), number(values, "items", file), number(values, "entries", file));
    }

    private static long number(Map<String, String> values, String key, Path file) {
        String v = values.get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new DataException(file + ": " + key + " must be a whole number, got " + v);
        }
    }

    /**
     * Reads the table and maps it onto {@code items}: source or related items the log does not know are
     * dropped (and counted), the others keep their order. The counts in the manifest must match the parts,
     * so a table missing a part is refused rather than served half.
     */
    public static Loaded load(Path dir, Dictionary items) {
        Manifest manifest = readManifest(dir);
        List<Path> parts;
        try (Stream<Path> listing = Files.list(dir)) {
            parts = listing.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        } catch (IOException e) {
            throw new DataException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        int[][] relatedOf = new int[items.size()][];
        float[][] weightOf = new float[items.size()][];
        Set<String> seen = new HashSet<>();
        long entries = 0;
        long unknownItems = 0;
        long unknownRelated = 0;
        for (Path part : parts) {
            try (BufferedReader in = reader(part)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isEmpty()) {
                        continue;
                    }
                    String where = part.getFileName() + ":" + number;
                    String[] f = line.split("\t", -1);
                    if (f.length % 2 != 1 || f[0].isEmpty()) {
                        throw new DataException(dir + "/" + where + ": expected item then (related, weight) pairs, got "
                                + f.length + " fields");
                    }
                    if (!seen.add(f[0])) {
                        throw new DataException(dir + "/" + where + ": item '" + f[0] + "' has a second list");
                    }
                    int pairs = f.length / 2;
                    entries += pairs;
                    int a = items.index(f[0]);
                    List<Integer> related = new ArrayList<>(pairs);
                    List<Float> weights = new ArrayList<>(pairs);
                    float previous = Float.POSITIVE_INFINITY;
                    for (int k = 0; k < pairs; k++) {
                        String id = f[1 + 2 * k];
                        float w = weight(f[2 + 2 * k], dir + "/" + where);
                        if (id.isEmpty() || id.equals(f[0])) {
                            throw new DataException(dir + "/" + where + ": related item " + (k + 1) + " is empty or the item itself");
                        }
                        if (w > previous) {
                            throw new DataException(dir + "/" + where + ": related items must be best first, but weight " + w
                                    + " follows " + previous);
                        }
                        previous = w;
                        int b = items.index(id);
                        if (b < 0) {
                            unknownRelated++;
                        } else if (a >= 0) {
                            related.add(b);
                            weights.add(w);
                        }
                    }
                    if (a < 0) {
                        unknownItems++;
                        continue;
                    }
                    relatedOf[a] = related.stream().mapToInt(Integer::intValue).toArray();
                    weightOf[a] = new float[weights.size()];
                    for (int k = 0; k < weights.size(); k++) {
                        weightOf[a][k] = weights.get(k);
                    }
                }
            } catch (IOException e) {
                throw new DataException("cannot read " + part + ": " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new DataException("cannot read " + part + ": " + e.getCause().getMessage(), e);
            }
        }
        if (seen.size() != manifest.items() || entries != manifest.entries()) {
            throw new DataException(dir + ": the parts hold " + seen.size() + " items and " + entries
                    + " related entries, the manifest says " + manifest.items() + " and " + manifest.entries()
                    + " (a part missing or truncated)");
        }
        int[] offsets = new int[items.size() + 1];
        for (int a = 0; a < items.size(); a++) {
            offsets[a + 1] = offsets[a] + (relatedOf[a] == null ? 0 : relatedOf[a].length);
        }
        int[] related = new int[offsets[items.size()]];
        float[] weight = new float[related.length];
        for (int a = 0; a < items.size(); a++) {
            if (relatedOf[a] != null) {
                System.arraycopy(relatedOf[a], 0, related, offsets[a], relatedOf[a].length);
                System.arraycopy(weightOf[a], 0, weight, offsets[a], weightOf[a].length);
            }
        }
        return new Loaded(manifest, new SimilarItems(offsets, related, weight), unknownItems, unknownRelated);
    }

    private static float weight(String text, String where) {
        try {
            float w = Float.parseFloat(text);
            if (!(w > 0) || Float.isInfinite(w)) {
                throw new DataException(where + ": a weight must be a positive finite number, got " + text);
            }
            return w;
        } catch (NumberFormatException e) {
            throw new DataException(where + ": a weight must be a number, got '" + text + "'");
        }
    }

    private static BufferedReader reader(Path part) throws IOException {
        InputStream in = Files.newInputStream(part);
        if (part.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
