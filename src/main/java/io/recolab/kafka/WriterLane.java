package io.recolab.kafka;

import io.recolab.events.Attribution;
import io.recolab.events.Event;
import io.recolab.events.EventStore;
import io.recolab.events.EventType;
import io.recolab.experiment.MetricSpec;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import io.recolab.store.NodeSlot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One writer of a processor: its own thread, its own connection per transaction and its own node
 * slot (rollup rows no other lane or node writes, so lanes never wait for each other's commits).
 * A part of a poll, some whole partitions, is written in one transaction with those partitions'
 * next offsets: either both commit or neither. Lanes of one processor hold disjoint partitions,
 * hence disjoint units, ids, shows and offset rows.
 */
final class WriterLane implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WriterLane.class);
    /** A poll's records of some partitions, decoded, and the offsets they take those partitions to. */
    record Part(List<EventRecord> records, List<Long> timestamps, Map<Integer, Long> next, Map<Integer, Long> first,
                int late) {
        /**
         * One lane's share of a poll as one part: the partitions' records interleaved by record timestamp (the
         * time the serving node produced them), each partition's own order kept. The store keeps the first of two
         * events sharing an id, and on the direct path the first is the one that arrived first, not the one whose
         * partition happens to come first in the lane.
         */
        static Part joined(List<Part> parts) {
            List<EventRecord> records = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            Map<Integer, Long> next = new HashMap<>();
            Map<Integer, Long> first = new HashMap<>();
            int late = 0;
            for (Part p : parts) {
                next.putAll(p.next());
                first.putAll(p.first());
                late += p.late();
            }
            int[] at = new int[parts.size()];
            while (true) {
                int pick = -1;
                for (int i = 0; i < parts.size(); i++) {
                    if (at[i] < parts.get(i).records().size() && (pick < 0
                            || parts.get(i).timestamps().get(at[i]) < parts.get(pick).timestamps().get(at[pick]))) {
                        pick = i;
                    }
                }
                if (pick < 0) {
                    break;
                }
                records.add(parts.get(pick).records().get(at[pick]));
                timestamps.add(parts.get(pick).timestamps().get(at[pick]));
                at[pick]++;
            }
            return new Part(records, timestamps, next, first, late);
        }
    }

    /** @param nanos how long the transaction took, from its first statement to its commit */
    record Outcome(int stored, int duplicates, int conflicts, int converted, long nanos) {
    }

    private final Database database;
    private final NodeSlot slot;
    private final OffsetTable offsets;
    private final ShowTable shows = new ShowTable();
    private final Clock clock;
    private final ExecutorService thread;
    /** Called on the lane's thread right after each commit: metrics move when the rows are visible. */
    private final java.util.function.BiConsumer<Part, Outcome> committed;
    private EventStore store;
    private final io.recolab.events.SliceCap sliceCap;

    WriterLane(Database database, OffsetTable offsets, Clock clock, int index,
               java.util.function.BiConsumer<Part, Outcome> committed, io.recolab.events.SliceCap sliceCap) {
        this.database = database;
        this.sliceCap = sliceCap;
        this.committed = committed;
        this.offsets = offsets;
        this.clock = clock;
        this.slot = NodeSlot.claim(database);
        this.store = newStore();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recolab-processor-writer-" + index);
            t.setDaemon(true);
            return t;
        });
    }

    private EventStore newStore() {
        // A fresh store after a failed transaction: what the old one kept in memory may have been rolled back.
        return new EventStore(database.dialect(), new Attribution(database.dialect(), slot.id(), sliceCap));
    }

    Future<Outcome> submit(Part part) {
        return thread.submit(() -> {
            try {
                Outcome outcome = write(part);
                committed.accept(part, outcome);
                return outcome;
            } catch (RuntimeException e) {
                store = newStore();
                throw e;
            }
        });
    }

    private Outcome write(Part part) {
        List<EventRecord> decoded = part.records();
        long started = System.nanoTime();
        Outcome outcome = Jdbc.inTransaction(database, c -> {
            Set<ShowTable.UnitKey> needShows = new HashSet<>();
            for (EventRecord r : decoded) {
                if (r.ifShown() != null) {
                    needShows.add(new ShowTable.UnitKey(r.event().experimentKey(), r.event().unit()));
                }
            }
            Map<ShowTable.UnitKey, List<ShowTable.Show>> known = needShows.isEmpty() ? new HashMap<>()
                    : new HashMap<>(shows.load(c, needShows));
            List<Event> events = new ArrayList<>(decoded.size());
            int converted = 0;
            for (EventRecord r : decoded) {
                Event e = r.event();
                if (r.ifShown() == null) {
                    events.add(e);
                    if (e.type() == EventType.EXPOSURE && !e.shownItems().isEmpty() && !needShows.isEmpty()) {
                        ShowTable.UnitKey unit = new ShowTable.UnitKey(e.experimentKey(), e.unit());
                        if (needShows.contains(unit)) {
                            // Later records of this poll see this show, as they would after its commit.
                            known.computeIfAbsent(unit, k -> new ArrayList<>())
                                    .add(new ShowTable.Show(Set.copyOf(e.shownItems()), e.occurredAt()));
                        }
                    }
                    continue;
                }
                MetricSpec metric = e.experiment().metrics().get(e.metric());
                Duration window = Duration.ofDays(metric.windowDays());
                ShowTable.UnitKey unit = new ShowTable.UnitKey(e.experimentKey(), e.unit());
                if (known.getOrDefault(unit, List.of()).stream().anyMatch(s -> s.covers(r.ifShown(), e.occurredAt(), window))) {
                    events.add(e);
                    converted++;
                }
            }
            EventStore.Written written = store.write(c, events);
            List<Event> fresh = new ArrayList<>(events.size());
            int dups = 0;
            int conflicts = 0;
            for (int i = 0; i < events.size(); i++) {
                if (written.conflict()[i]) {
                    conflicts++;
                    // Acknowledged to its sender already: only the log and the metrics can tell.
                    LOG.warn("event {} of {} reuses a stored id with other content; not stored", events.get(i).id(),
                            events.get(i).experimentKey());
                } else if (written.duplicate()[i]) {
                    dups++;
                } else {
                    fresh.add(written.events().get(i));
                }
            }
            shows.insert(c, fresh);
            offsets.save(c, part.next(), clock.instant());
            return new Outcome(fresh.size(), dups, conflicts, converted, 0);
        });
        return new Outcome(outcome.stored(), outcome.duplicates(), outcome.conflicts(), outcome.converted(),
                System.nanoTime() - started);
    }

    /** Waits for the submitted transaction, then frees the thread and the slot. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slot.close();
    }
}
