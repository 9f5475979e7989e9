package io.recolab.data;

/**
 * A data set could not be read: a missing, empty or mostly unreadable file, an unknown format,
 * a bad {@code synthetic:} parameter. The message is one line the CLI can print as it is.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
