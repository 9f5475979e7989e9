package io.recolab.serving;

import java.time.Instant;

/**
 * A customer consumed an item (watched, bought, clicked) at a time: behaviour reported to the platform.
 *
 * @param id the client's id for it, or null: with an id, a retried report is stored once
 */
public record Interaction(String customer, String item, Instant at, String id) {
    public Interaction(String customer, String item, Instant at) {
        this(customer, item, at, null);
    }
}
