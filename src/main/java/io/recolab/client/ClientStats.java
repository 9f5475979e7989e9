package io.recolab.client;

/**
 * What became of the events handed to the client. {@code dropped}: refused because the buffer was
 * full, or still unsent when close gave up; {@code rejected}: refused by the server as invalid
 * (4xx), never retried; {@code retries}: failed attempts that were tried again.
 */
public record ClientStats(long sent, long duplicates, long dropped, long rejected, long retries, int queued,
                          long definitionRefreshes, long definitionFailures) {
}
