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
    /**
     * A poll's records of some partitions, decoded, and the offsets they take those partitions to.
     * @param late records left out as past the dedup horizon, and unreadable ones no recolab node wrote:
     *             counted once their offsets are stored (a failed transaction reads them again)
     */
    record Part(List<EventRecord> records, List<Long> timestamps, List<Integer> partitions, Map<Integer, Long> next,
                Map<Integer, Long> first, int late, int unreadable) {
        /**
         * One lane's share of a poll as one part: the partitions' records interleaved by record timestamp (the
         * time the serving node produced them), each partition's own order kept. The store keeps the first of two
         * events sharing an id, and on the direct path the first is the one that arrived first, not the one whose
         * partition happens to come first in the lane.
         */
        static Part joined(List<Part> parts) {
            List<EventRecord> records = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            List<Integer> partitions = new ArrayList<>();
            Map<Integer, Long> next = new HashMap<>();
            Map<Integer, Long> first = new HashMap<>();
            int late = 0;
            int unreadable = 0;
            for (Part p : parts) {
                next.putAll(p.next());
                first.putAll(p.first());
                late += p.late();
                unreadable += p.unreadable();
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
                partitions.add(parts.get(pick).partitions().get(at[pick]));
                at[pick]++;
            }
            return new Part(records, timestamps, partitions, next, first, late, unreadable);
        }
    }

    /** @param nanos how long the transaction took, from its first statement to its commit */
    record Outcome(int stored, int duplicates, int conflicts, int converted, long nanos) {
    }

    /** How a lane writes its part inside its transaction: every event's rows, or the rollups and the state's changelog. */
    interface PartWriter {
        Outcome write(java.sql.Connection c, Part part) throws java.sql.SQLException;

        /** After a failed transaction: what the writer keeps in memory may have been rolled back. */
        void reset();
    }

    private final Database database;
    private final NodeSlot slot;
    private final PartWriter writer;
    private final PollDecoder decoder;
    private final ExecutorService thread;
    /** Called on the lane's thread right after each commit: metrics move when the rows are visible. */
    private final java.util.function.BiConsumer<Part, Outcome> committed;

    /** @param writer given the lane's node slot: its own rollup rows */
    WriterLane(Database database, int index, java.util.function.Function<NodeSlot, PartWriter> writer, PollDecoder decoder,
               java.util.function.BiConsumer<Part, Outcome> committed) {
        this.database = database;
        this.decoder = decoder;
        this.committed = committed;
        this.slot = NodeSlot.claim(database);
        this.writer = writer.apply(slot);
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recolab-processor-writer-" + index);
            t.setDaemon(true);
            return t;
        });
    }

    /** Decodes the partitions' records and writes them, on the lane's thread. */
    Future<Outcome> submit(List<Polled> polled) {
        return thread.submit(() -> {
            Part part = decoder.decode(polled);
            try {
                long started = System.nanoTime();
                Outcome o = Jdbc.inTransaction(database, c -> writer.write(c, part));
                Outcome outcome = new Outcome(o.stored(), o.duplicates(), o.conflicts(), o.converted(), System.nanoTime() - started);
                committed.accept(part, outcome);
                return outcome;
            } catch (RuntimeException e) {
                writer.reset();
                throw e;
            }
        });
    }

    /** Counts what a store's write did with a part's events; logs each conflict (its sender was answered already). */
    static Outcome outcome(EventStore.Written written, List<Event> events, int converted, List<Event> fresh) {
        int dups = 0;
        int conflicts = 0;
        for (int i = 0; i < events.size(); i++) {
            if (written.conflict()[i]) {
                conflicts++;
                LOG.warn("event {} of {} reuses a stored id with other content; not stored", events.get(i).id(),
                        events.get(i).experimentKey());
            } else if (written.duplicate()[i]) {
                dups++;
            } else {
                fresh.add(written.events().get(i));
            }
        }
        return new Outcome(fresh.size(), dups, conflicts, converted, 0);
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
