package io.recolab.store;

/** The store failed (not the caller's fault): unreachable database, broken SQL, lost connection. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
