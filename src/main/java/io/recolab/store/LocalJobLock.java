package io.recolab.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * H2: only one process can open an H2 file database, so every node that can share it lives in
 * this JVM (the integration tests start several); a lock per (database URL, name) covers them all.
 */
final class LocalJobLock implements JobLock {
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private final String url;

    LocalJobLock(String url) {
        this.url = url;
    }

    private ReentrantLock lock(String name) {
        return LOCKS.computeIfAbsent(url + "/" + name, k -> new ReentrantLock());
    }

    @Override
    public <T> T runExclusively(String name, Supplier<T> job) {
        ReentrantLock lock = lock(name);
        try {
            if (!lock.tryLock(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new StoreException("cannot take the lock '" + name + "' within " + WAIT.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for the lock '" + name + "'", e);
        }
        try {
            return job.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryRun(String name, Runnable job) {
        ReentrantLock lock = lock(name);
        // Re-entry by the same thread counts as held elsewhere: a job never runs inside itself.
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return false;
        }
        try {
            job.run();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
