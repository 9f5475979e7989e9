package io.recolab.serving;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.events.Ingestion;
import io.recolab.events.ItemIds;
import io.recolab.events.Receipt;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.MetricSpec;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real behaviour coming back: each interaction is stored (the next retrain learns from it), joins
 * the customer's live history (the next recommendation leaves the item out), and becomes a
 * conversion in every running experiment whose recommendation showed that item to that customer
 * within the metric's window. Conversion ids derive from the interaction, so a retry is harmless.
 */
public final class InteractionService {
    private final Database database;
    private final Catalog catalog;
    private final Ingestion ingestion;
    private final ShownItems shown;
    private final LiveHistory history;

    public InteractionService(Database database, Catalog catalog, Ingestion ingestion, ShownItems shown, LiveHistory history) {
        this.database = database;
        this.catalog = catalog;
        this.ingestion = ingestion;
        this.shown = shown;
        this.history = history;
    }

    /** What a call did: interactions stored, and conversions accepted or found to be duplicates. */
    public record Outcome(int interactions, int conversions, int duplicates) {
    }

    /** Blocking (JDBC): call off the event loop. Completes after the conversions are committed. */
    public CompletableFuture<Outcome> record(List<Interaction> interactions, Instant receivedAt) {
        Jdbc.inTransaction(database, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO interactions (customer_id, item_id, occurred_at, received_at) VALUES (?, ?, ?, ?)")) {
                for (Interaction i : interactions) {
                    ps.setString(1, i.customer());
                    ps.setString(2, i.item());
                    ps.setTimestamp(3, Timestamp.from(i.at()));
                    ps.setTimestamp(4, Timestamp.from(receivedAt));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (Interaction i : interactions) {
            history.add(i.customer(), i.item());
            for (Catalog.Entry entry : catalog.all()) {
                if (!entry.isRunning()) {
                    continue;
                }
                String key = entry.definition().key();
                for (MetricSpec metric : entry.definition().metrics()) {
                    if (metric.type() != MetricSpec.Type.BINOMIAL
                            || shown.showing(key, i.customer(), i.item(), i.at(), Duration.ofDays(metric.windowDays())).isEmpty()) {
                        continue;
                    }
                    events.addObject().put("id", conversionId(i, metric.name())).put("type", "conversion")
                            .put("experiment", key).put("unit", i.customer()).put("metric", metric.name())
                            .put("timestamp", i.at().toString()).put("value", 1);
                }
            }
        }
        int stored = interactions.size();
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(stored, 0, 0));
        }
        return ingestion.ingest(body).thenApply((Receipt r) -> new Outcome(stored, r.accepted(), r.duplicates()));
    }

    static String conversionId(Interaction i, String metric) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((i.customer() + '\t' + i.item() + '\t'
                    + i.at().toEpochMilli() + '\t' + metric).getBytes(StandardCharsets.UTF_8));
            return "ix-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** At start: what recent exposures showed, from the store (the durable record of shows). */
    public static void reload(Database database, ShownItems shown, Instant since) {
        Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_key, unit_id, shown_items, occurred_at FROM events "
                    + "WHERE event_type = 'exposure' AND shown_items IS NOT NULL AND occurred_at >= ? ORDER BY occurred_at")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        shown.add(new ShownItems.Show(rs.getString(1), rs.getString(2),
                                new HashSet<>(ItemIds.split(rs.getString(3))), rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            return null;
        });
    }
}
