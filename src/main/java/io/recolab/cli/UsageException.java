package io.recolab.cli;

/** A bad option value or argument found after parsing: reported as one line and exit status 2 (CONTRACT section 1). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
