package io.recolab.events;

/** The answer to an ingested batch, given only after its events are committed. */
public record Receipt(int accepted, int duplicates) {
    public Receipt {
        if (accepted < 0 || duplicates < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got accepted " + accepted + ", duplicates " + duplicates);
        }
    }
}
