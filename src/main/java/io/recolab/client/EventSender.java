package io.recolab.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queues events and sends them in batches from one background thread. The caller never waits:
 * the buffer is bounded and a full buffer drops the event and counts it (an experiment loses a
 * little data; the caller's page never stalls on the experimentation platform). A batch that
 * fails for the server's reasons (5xx, 429, no connection) is retried, with the same ids, after a
 * jittered exponential backoff, until it is committed or close gives up.
 */
final class EventSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventSender.class.getName());

    private final Transport transport;
    private final ObjectMapper mapper;
    private final BlockingQueue<ClientEvent> queue;
    private final int batchSize;
    private final Duration linger;
    private final Backoff backoff;
    private final Thread thread;
    private final Object idle = new Object();
    // Handed over but not yet settled (queued or in flight): flush waits for it to reach zero.
    private final AtomicLong pending = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    private volatile boolean open = true;
    private volatile long giveUpAt = Long.MAX_VALUE;

    EventSender(Transport transport, ObjectMapper mapper, int capacity, int batchSize, Duration linger, Backoff backoff) {
        this.transport = transport;
        this.mapper = mapper;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.linger = linger;
        this.backoff = backoff;
        this.thread = new Thread(this::run, "recolab-client-events");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Never blocks: false (and counted as dropped) when the buffer is full or the client closed. */
    boolean offer(ClientEvent event) {
        pending.incrementAndGet();
        if (open && queue.offer(event)) {
            return true;
        }
        pending.decrementAndGet();
        dropped.incrementAndGet();
        return false;
    }

    int queued() {
        return queue.size();
    }

    /** Waits until everything handed over so far is settled (sent, rejected or dropped). */
    boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.min(left, 50));
            }
        }
        return true;
    }

    private void run() {
        List<ClientEvent> batch = new ArrayList<>(batchSize);
        while (open || !queue.isEmpty()) {
            try {
                ClientEvent first = queue.poll(linger.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                deliver(batch);
            } catch (InterruptedException e) {
                // close gave up while this batch was still being tried
                dropped.addAndGet(batch.size());
                break;
            } finally {
                settle(batch.size());
                batch.clear();
            }
        }
        // Past the close deadline (or interrupted): whatever is left is lost, and counted.
        int left = queue.size();
        queue.clear();
        dropped.addAndGet(left);
        settle(left);
    }

    /** Sends a batch until it is settled; a batch the server rejects is split to find the bad events. */
    private void deliver(List<ClientEvent> batch) throws InterruptedException {
        for (int failures = 0; ; failures++) {
            Transport.Reply reply;
            try {
                reply = transport.postEvents(body(batch));
                if (reply.ok()) {
                    long dup = mapper.readTree(reply.body()).path("duplicates").asLong(0);
                    sent.addAndGet(batch.size() - dup);
                    duplicates.addAndGet(dup);
                    return;
                }
            } catch (IOException e) {
                // No connection, a timeout, a reset: the batch may or may not have been committed,
                // and retrying it with the same ids is safe either way.
                reply = new Transport.Reply(-1, e.toString());
            }
            if (reply.status() != -1 && !reply.retryable()) {
                reject(batch, reply);
                return;
            }
            if (System.currentTimeMillis() >= giveUpAt) {
                dropped.addAndGet(batch.size());
                LOG.log(System.Logger.Level.WARNING, "closing: dropped {0} unsent events ({1})", batch.size(), reply.body());
                return;
            }
            retries.incrementAndGet();
            // The server's Retry-After (rate limit, database away) is a floor under the backoff.
            long wait = Math.min(Math.max(backoff.delayMillis(failures), reply.retryAfterMillis()),
                    Math.max(0, giveUpAt - System.currentTimeMillis()));
            LOG.log(System.Logger.Level.DEBUG, "events not delivered ({0} {1}); retrying in {2} ms", reply.status(),
                    reply.body(), wait);
            Thread.sleep(wait);
        }
    }

    /**
     * 400/404/413/422 name one bad event but refuse the whole batch: halve it until the bad ones
     * stand alone, so they do not take the good ones down with them. 401/403 (a bad key) would
     * refuse every half, so those batches are rejected whole.
     */
    private void reject(List<ClientEvent> batch, Transport.Reply reply) throws InterruptedException {
        boolean keyProblem = reply.status() == 401 || reply.status() == 403;
        if (batch.size() == 1 || keyProblem) {
            rejected.addAndGet(batch.size());
            LOG.log(System.Logger.Level.WARNING, "server rejected {0} events: {1} {2}", batch.size(), reply.status(),
                    reply.body());
            return;
        }
        int half = batch.size() / 2;
        deliver(List.copyOf(batch.subList(0, half)));
        deliver(List.copyOf(batch.subList(half, batch.size())));
    }

    private String body(List<ClientEvent> batch) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode events = root.putArray("events");
        for (ClientEvent e : batch) {
            e.toJson(events.addObject());
        }
        return root.toString();
    }

    private void settle(int n) {
        if (n > 0 && pending.addAndGet(-n) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Stops intake and keeps sending (and retrying) what is queued until the timeout. */
    void close(Duration timeout) {
        giveUpAt = System.currentTimeMillis() + timeout.toMillis();
        open = false;
        try {
            thread.join(timeout.toMillis() + 1_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        // An offer racing with close may land after the sender's last look.
        int late = queue.size();
        queue.clear();
        dropped.addAndGet(late);
        settle(late);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
