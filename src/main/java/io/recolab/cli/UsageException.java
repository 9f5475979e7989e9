package io.recolab.cli;

/** A bad option value or argument found after parsing: reported as one line and exit status 2 (CONTRACT section 1). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    /**
     * Checked before any work: an output directory that is an existing file would only fail at the
     * end of a long run, with the bare path as its message.
     */
    static void checkOutputDirectory(String option, java.nio.file.Path dir) {
        if (dir != null && java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new UsageException(option + " " + dir + " exists and is not a directory");
        }
    }
}
