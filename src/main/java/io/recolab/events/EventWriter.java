package io.recolab.events;

import io.recolab.http.ApiError;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every batch waiting in the queue, writes them in one transaction
 * and only then completes each batch's future, so a commit's cost is shared by all concurrent
 * callers. The queue is bounded in events (a semaphore): when the writer falls behind, callers
 * are told to retry (503) instead of memory growing without bound.
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    /** Sizes: how many events may wait, and how many one transaction takes at most. */
    public record Limits(int maxQueuedEvents, int maxEventsPerCommit) {
        public static final Limits DEFAULT = new Limits(200_000, 10_000);

        public Limits {
            if (maxQueuedEvents < EventParser.MAX_EVENTS || maxEventsPerCommit < 1) {
                throw new IllegalArgumentException("maxQueuedEvents must be >= " + EventParser.MAX_EVENTS
                        + " and maxEventsPerCommit >= 1, got " + maxQueuedEvents + ", " + maxEventsPerCommit);
            }
        }
    }

    private record Submission(List<Event> events, CompletableFuture<Receipt> done) {
    }

    private final Database database;
    private final EventStore store;
    private final Limits limits;
    private final Semaphore room;
    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
    // Submitters hold the read lock while they enqueue; close() takes the write lock to stop intake,
    // so nothing can slip into the queue after the writer has drained it.
    private final ReentrantReadWriteLock intake = new ReentrantReadWriteLock();
    private volatile boolean accepting = true;
    private volatile EventMetrics metrics = EventMetrics.NONE;
    private final Thread thread;

    public EventWriter(Database database, EventStore store, Limits limits) {
        this.database = database;
        this.store = store;
        this.limits = limits;
        this.room = new Semaphore(limits.maxQueuedEvents());
        this.thread = new Thread(this::run, "recolab-event-writer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Completes after the events are committed; fails with 503 when the queue is full or shutting down. */
    public CompletableFuture<Receipt> submit(List<Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Receipt(0, 0));
        }
        intake.readLock().lock();
        try {
            if (!accepting) {
                return CompletableFuture.failedFuture(ApiError.unavailable("the server is shutting down; retry on another node"));
            }
            if (!room.tryAcquire(events.size())) {
                return CompletableFuture.failedFuture(ApiError.unavailable("the event writer is behind ("
                        + (limits.maxQueuedEvents() - room.availablePermits()) + " events queued); retry shortly"));
            }
            Submission s = new Submission(List.copyOf(events), new CompletableFuture<>());
            queue.add(s);
            return s.done();
        } finally {
            intake.readLock().unlock();
        }
    }

    /** Where commit sizes and latencies are reported (operations metrics). */
    public void metrics(EventMetrics metrics) {
        this.metrics = metrics;
    }

    public int queuedEvents() {
        return limits.maxQueuedEvents() - room.availablePermits();
    }

    private void run() {
        while (accepting || !queue.isEmpty()) {
            Submission first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null) {
                continue;
            }
            List<Submission> group = new ArrayList<>();
            group.add(first);
            int events = first.events().size();
            Submission next;
            while ((next = queue.peek()) != null && events + next.events().size() <= limits.maxEventsPerCommit()) {
                group.add(queue.poll());
                events += next.events().size();
            }
            // Outcomes are recorded first and delivered after the room is released, so a caller that
            // sees its batch committed can submit again at once.
            Map<Submission, Object> outcomes = new IdentityHashMap<>();
            try {
                write(group, outcomes);
            } catch (RuntimeException | Error e) {
                LOG.error("event writer failed on a group of {} batches", group.size(), e);
                group.forEach(s -> outcomes.putIfAbsent(s, e));
            } finally {
                room.release(events);
            }
            outcomes.forEach((s, outcome) -> {
                if (outcome instanceof Receipt r) {
                    s.done().complete(r);
                } else {
                    s.done().completeExceptionally((Throwable) outcome);
                }
            });
        }
    }

    private void write(List<Submission> group, Map<Submission, Object> outcomes) {
        try {
            commit(group, outcomes);
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                // One batch's failure (e.g. a unique violation racing another node) must not fail the
                // others: each is retried in a transaction of its own.
                LOG.warn("group commit of {} batches failed ({}); retrying each alone", group.size(), e.getMessage());
            }
            for (Submission s : group) {
                try {
                    commit(List.of(s), outcomes);
                } catch (RuntimeException again) {
                    if (again != e) {
                        again.addSuppressed(e);
                    }
                    outcomes.put(s, again);
                }
            }
        }
    }

    private void commit(List<Submission> group, Map<Submission, Object> outcomes) {
        List<Event> all = new ArrayList<>();
        for (Submission s : group) {
            all.addAll(s.events());
        }
        boolean[] duplicate;
        try {
            long started = System.nanoTime();
            duplicate = Jdbc.inTransaction(database, c -> store.write(c, all));
            metrics.committed(all.size(), System.nanoTime() - started);
        } catch (RuntimeException e) {
            store.forget(); // the rollback may have undone what the store keeps in memory
            throw e;
        }
        int k = 0;
        for (Submission s : group) {
            int duplicates = 0;
            for (int i = 0; i < s.events().size(); i++) {
                duplicates += duplicate[k++] ? 1 : 0;
            }
            outcomes.put(s, new Receipt(s.events().size() - duplicates, duplicates));
        }
    }

    /** Stops intake, writes everything already queued, then returns: a graceful stop loses nothing. */
    @Override
    public void close() {
        intake.writeLock().lock();
        try {
            accepting = false;
        } finally {
            intake.writeLock().unlock();
        }
        if (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Submission left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(ApiError.unavailable("the server stopped before writing this batch; retry"));
        }
    }
}
