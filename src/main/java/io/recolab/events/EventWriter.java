package io.recolab.events;

import io.recolab.domain.DomainError;
import io.recolab.store.Database;
import io.recolab.store.Jdbc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every batch waiting in the queue, writes them in one transaction
 * and only then completes each batch's future, so a commit's cost is shared by all concurrent
 * callers. The queue is bounded in events (a semaphore): when the writer falls behind, callers
 * are told to retry (503) instead of memory growing without bound.
 */
public final class EventWriter implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);

    /**
     * Sizes: how many events may wait, how many one transaction takes at most, and how long a group
     * made only of deferred batches ({@link #submitDeferred}) may wait for company before it commits.
     */
    public record Limits(int maxQueuedEvents, int maxEventsPerCommit, Duration linger) {
        /** 10 ms: server-logged exposures commit in groups of ~20 at 2,000 requests/s instead of one by one. */
        public static final Duration DEFAULT_LINGER = Duration.ofMillis(10);
        public static final Limits DEFAULT = new Limits(200_000, 10_000, DEFAULT_LINGER);

        public Limits {
            if (maxQueuedEvents < EventParser.MAX_EVENTS || maxEventsPerCommit < 1) {
                throw new IllegalArgumentException("maxQueuedEvents must be >= " + EventParser.MAX_EVENTS
                        + " and maxEventsPerCommit >= 1, got " + maxQueuedEvents + ", " + maxEventsPerCommit);
            }
            if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("linger must be within 0..1 s, got " + linger);
            }
        }

        public Limits(int maxQueuedEvents, int maxEventsPerCommit) {
            this(maxQueuedEvents, maxEventsPerCommit, DEFAULT_LINGER);
        }
    }

    /** @param deferred nobody waits on it: it may linger for company (see {@link #submitDeferred}) */
    private record Submission(List<Event> events, CompletableFuture<Receipt> done, boolean deferred, long queuedAt) {
    }

    /** Queued by {@link #close()} to end a linger at once; never written. */
    private static final Submission WAKE = new Submission(List.of(), CompletableFuture.completedFuture(new Receipt(0, 0)), false, 0);

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
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failedCommits = new AtomicLong();
    /** A batch taken from the queue that did not fit its group: it starts the next one. */
    private Submission carried;
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
    @Override
    public CompletableFuture<Receipt> submit(List<Event> events) {
        return enqueue(events, false);
    }

    /**
     * Like {@link #submit}, for events whose producer does not wait for the commit (exposures the
     * server logs itself): a group holding only such batches waits up to {@link Limits#linger} for
     * more before it commits, so that many share one commit. A batch whose caller waits ends the
     * wait at once, and so does {@link #close()}. Order is kept: the queue stays first in, first out.
     */
    @Override
    public CompletableFuture<Receipt> submitDeferred(List<Event> events) {
        return enqueue(events, true);
    }

    private CompletableFuture<Receipt> enqueue(List<Event> events, boolean deferred) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Receipt(0, 0));
        }
        intake.readLock().lock();
        try {
            if (!accepting) {
                return CompletableFuture.failedFuture(DomainError.unavailable("the server is shutting down; retry on another node"));
            }
            if (!room.tryAcquire(events.size())) {
                return CompletableFuture.failedFuture(DomainError.unavailable("the event writer is behind ("
                        + (limits.maxQueuedEvents() - room.availablePermits()) + " events queued); retry shortly"));
            }
            Submission s = new Submission(List.copyOf(events), new CompletableFuture<>(), deferred, System.nanoTime());
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

    /** Transactions committed so far (groups, and batches retried alone). */
    public long commits() {
        return commits.get();
    }

    /**
     * Transactions rolled back so far (a deadlock, a serialization or unique-key race, a store outage):
     * each is retried, so this counts extra work, not lost events.
     */
    public long failedCommits() {
        return failedCommits.get();
    }

    public int queuedEvents() {
        return limits.maxQueuedEvents() - room.availablePermits();
    }

    private void run() {
        while (accepting || carried != null || !queue.isEmpty()) {
            Submission first = carried;
            carried = null;
            try {
                if (first == null) {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (first == null || first == WAKE) {
                continue;
            }
            List<Submission> group = new ArrayList<>();
            group.add(first);
            int events = gather(group, first.events().size());
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

    /**
     * Adds what is queued to the group, up to the size limit; a group of deferred batches only also
     * waits for more until its oldest has lingered {@link Limits#linger}. A batch that does not fit
     * is carried over to start the next group. Only the writer thread touches {@link #carried}.
     */
    private int gather(List<Submission> group, int events) {
        boolean deferredOnly = group.get(0).deferred();
        long deadline = group.get(0).queuedAt() + limits.linger().toNanos();
        while (events < limits.maxEventsPerCommit()) {
            Submission next = queue.poll();
            if (next == null && deferredOnly && accepting) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                try {
                    next = queue.poll(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            if (next == WAKE) {
                deferredOnly = false; // stopping: commit what lingers now
                continue;
            }
            if (events + next.events().size() > limits.maxEventsPerCommit()) {
                carried = next;
                break;
            }
            group.add(next);
            events += next.events().size();
            deferredOnly &= next.deferred();
        }
        return events;
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
                    commitAlone(s, outcomes);
                } catch (RuntimeException again) {
                    if (again != e) {
                        again.addSuppressed(e);
                    }
                    outcomes.put(s, again);
                }
            }
        }
    }

    /**
     * A unique violation of a batch alone is a race with another node storing the same id between
     * our look-up and our insert: once more, the look-up finds it. Any other refusal of the data
     * (a constraint or a value the store rejects) is the caller's, and answered as such.
     */
    private void commitAlone(Submission s, Map<Submission, Object> outcomes) {
        try {
            commit(List.of(s), outcomes);
        } catch (RuntimeException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw e;
            }
            commit(List.of(s), outcomes);
        }
    }

    private void commit(List<Submission> group, Map<Submission, Object> outcomes) {
        List<Event> all = new ArrayList<>();
        for (Submission s : group) {
            all.addAll(s.events());
        }
        EventStore.Written written;
        try {
            long started = System.nanoTime();
            written = Jdbc.inTransaction(database, c -> store.write(c, all));
            metrics.committed(all.size(), System.nanoTime() - started);
            commits.incrementAndGet();
        } catch (RuntimeException e) {
            failedCommits.incrementAndGet();
            store.forget(); // the rollback may have undone what the store keeps in memory
            throw e;
        }
        int k = 0;
        for (Submission s : group) {
            int duplicates = 0;
            List<String> conflicts = new ArrayList<>();
            Map<String, Integer> excluded = new java.util.TreeMap<>();
            Map<String, Integer> excludedConversions = new java.util.TreeMap<>();
            for (int end = k + s.events().size(); k < end; k++) {
                Event e = written.events().get(k); // as stored: the store may have excluded it (a stop meanwhile)
                if (written.conflict()[k]) {
                    conflicts.add(e.id());
                } else if (written.duplicate()[k]) {
                    duplicates++;
                } else if (e.exclusion() != null) {
                    (e.type() == EventType.EXPOSURE ? excluded : excludedConversions)
                            .merge(e.exclusion().wireName(), 1, Integer::sum);
                }
            }
            outcomes.put(s, new Receipt(s.events().size() - duplicates - conflicts.size(), duplicates, conflicts.size(),
                    conflicts, excluded, excludedConversions));
        }
    }

    /** Stops intake, writes everything already queued, then returns: a graceful stop loses nothing. */
    @Override
    public void close() {
        intake.writeLock().lock();
        try {
            accepting = false;
            queue.add(WAKE);
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
            left.done().completeExceptionally(DomainError.unavailable("the server stopped before writing this batch; retry"));
        }
    }
}
