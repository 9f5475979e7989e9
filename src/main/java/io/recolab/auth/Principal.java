package io.recolab.auth;

/** Whoever makes a call: an API key or a signed-in person. */
public interface Principal {
    /** How the change history names this caller: {@code key:ID (LABEL)} or {@code user:NAME}. */
    String actor();

    boolean may(Permission permission);

    /** The 403 message when {@link #may} says no: what this caller lacks, nothing about what exists. */
    String refusal(Permission permission);
}
