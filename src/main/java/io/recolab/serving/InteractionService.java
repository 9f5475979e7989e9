package io.recolab.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recolab.auth.Secrets;
import io.recolab.events.ItemIds;
import io.recolab.events.Receipt;
import io.recolab.experiment.Catalog;
import io.recolab.experiment.MetricSpec;
import io.recolab.json.Json;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.domain.DomainError;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Real behaviour coming back: each interaction is stored (the next retrain learns from it), joins
 * the customer's live history (the next recommendation leaves the item out), and becomes a
 * conversion in every started experiment (before its stop) whose recommendation showed that item to that customer
 * within the metric's window, on whichever node that recommendation was made ({@link ConversionPath}
 * knows where the shows are). Conversion ids derive from the interaction, so a retry is harmless on any node.
 */
public final class InteractionService {
    private final Database database;
    private final Catalog catalog;
    private final ConversionPath conversions;
    private final LiveHistory history;
    private final Listener listener;

    /**
     * Told of each call's interactions once they are stored, with the state of the catalog the call used: the
     * attribution of designs other than A/B (issue 24: interleaving credits the side that showed the item).
     * Blocking, like {@link #record}.
     */
    public interface Listener {
        void recorded(List<Interaction> interactions, java.util.Collection<Catalog.Entry> experiments);

        Listener NONE = (interactions, experiments) -> { };
    }

    /** @param conversions decides, from the unit's shows, which candidate conversions count, and stores them */
    public InteractionService(Database database, Catalog catalog, ConversionPath conversions, LiveHistory history) {
        this(database, catalog, conversions, history, Listener.NONE);
    }

    public InteractionService(Database database, Catalog catalog, ConversionPath conversions, LiveHistory history,
                              Listener listener) {
        this.database = database;
        this.catalog = catalog;
        this.conversions = conversions;
        this.history = history;
        this.listener = listener;
    }

    /**
     * What a call did: interactions stored, interactions not stored again because their id was already
     * stored (or repeated in the call), and conversions accepted or found to be duplicates.
     */
    public record Outcome(int interactions, int duplicateInteractions, int conversions, int duplicates) {
    }

    /**
     * Blocking (JDBC): call off the event loop. Completes after the conversions are committed. The
     * conversions are made for every interaction, stored now or before: a retry after a failure
     * between the two commits (interactions, then conversions) still gets its conversions, and those
     * already committed are duplicates by their derived ids.
     */
    public CompletableFuture<Outcome> record(List<Interaction> interactions, Instant receivedAt) {
        int stored = store(interactions, receivedAt);
        List<ConversionPath.Candidate> candidates = new java.util.ArrayList<>();
        // One state of the catalog for the whole call, as EventParser does for a batch: a refresh landing
        // between two interactions must not give one of them conversions and the next none.
        java.util.Collection<Catalog.Entry> experiments = catalog.view().values();
        for (Interaction i : interactions) {
            history.add(i.customer(), i.item());
            for (Catalog.Entry entry : experiments) {
                // Not only running experiments: a purchase while a test is paused, or made before its stop
                // and reported after it, converts as the same conversion sent to /events would.
                if (!entry.countsAt(i.at())) {
                    continue;
                }
                String key = entry.definition().key();
                for (MetricSpec metric : entry.definition().metrics()) {
                    if (metric.type() != MetricSpec.Type.BINOMIAL) {
                        continue;
                    }
                    ObjectNode event = Json.MAPPER.createObjectNode().put("id", conversionId(i, metric.name()))
                            .put("type", "conversion").put("experiment", key).put("unit", i.customer())
                            .put("metric", metric.name()).put("timestamp", i.at().toString()).put("value", 1);
                    candidates.add(new ConversionPath.Candidate(event, key, i.customer(), i.item(), i.at(),
                            Duration.ofDays(metric.windowDays())));
                }
            }
        }
        listener.recorded(interactions, experiments);
        int duplicate = interactions.size() - stored;
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome(stored, duplicate, 0, 0));
        }
        // A retried interaction without a timestamp makes its conversions anew at the server's time: the same
        // ids with another timestamp, a conflict to the event store, and here simply what was counted before.
        return conversions.convert(candidates).thenApply((Receipt r) -> new Outcome(stored, duplicate, r.accepted(),
                r.duplicates() + r.conflicts()));
    }

    /**
     * Inserts the interactions whose id is absent or not stored yet; returns how many
     * ({@link InteractionRows}). On H2 two calls racing with one id meet the unique index: the loser
     * looks again and skips it (PostgreSQL's insert skips it without failing).
     */
    private int store(List<Interaction> interactions, Instant receivedAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.inTransaction(database, c -> InteractionRows.insert(c, database.dialect(), interactions, receivedAt));
            } catch (DomainError e) {
                // Another call stored the same id between the look-up and the insert: look again.
                if (attempt >= 3 || !Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * The id of the conversion an interaction makes for a metric: from the client's id when it sent one
     * (its retry may lack the timestamp, which then defaults to a new "now"), else from the interaction itself.
     */
    static String conversionId(Interaction i, String metric) {
        String source = i.id() != null ? "id\t" + i.id() + '\t' + metric
                : i.customer() + '\t' + i.item() + '\t' + i.at().toEpochMilli() + '\t' + metric;
        return "ix-" + Secrets.sha256Hex(source).substring(0, 32); // the digest's first 16 bytes
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
