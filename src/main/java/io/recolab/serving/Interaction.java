package io.recolab.serving;

import java.time.Instant;

/** A customer consumed an item (watched, bought, clicked) at a time: behaviour reported to the platform. */
public record Interaction(String customer, String item, Instant at) {
}
