package io.recolab.domain;

/**
 * A refusal the caller can act on, raised by the domain (events, experiments, auth, analysis,
 * exports): what kind of problem it is and a message naming the field and the value. The domain
 * does not know the transport; {@code http/ErrorRendering} maps each kind to a status code and the
 * CLI to an exit status.
 */
public final class DomainError extends RuntimeException {

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** The input cannot be read (malformed, wrong type, out of range of the format). */
        INVALID,
        /** No credentials, or credentials that are not valid. */
        UNAUTHENTICATED,
        /** Valid credentials that do not allow the action. */
        FORBIDDEN,
        /** The named thing does not exist. */
        NOT_FOUND,
        /** The action contradicts the current state (lifecycle, an existing key, a held range). */
        CONFLICT,
        /** The caller's change was made on a copy older than the current state (HTTP If-Match). */
        STALE,
        /** The input is larger than allowed. */
        TOO_LARGE,
        /** The input reads well but breaks a rule of the domain. */
        UNPROCESSABLE,
        /** A dependency (the store) cannot serve now; a retry may succeed. */
        UNAVAILABLE
    }

    private final Kind kind;

    public DomainError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The same kind of problem with a message that says where it happened. */
    public DomainError at(String prefix) {
        return new DomainError(kind, prefix + getMessage());
    }

    public static DomainError invalid(String message) { return new DomainError(Kind.INVALID, message); }
    public static DomainError unauthenticated(String message) { return new DomainError(Kind.UNAUTHENTICATED, message); }
    public static DomainError forbidden(String message) { return new DomainError(Kind.FORBIDDEN, message); }
    public static DomainError notFound(String message) { return new DomainError(Kind.NOT_FOUND, message); }
    public static DomainError conflict(String message) { return new DomainError(Kind.CONFLICT, message); }
    public static DomainError stale(String message) { return new DomainError(Kind.STALE, message); }
    public static DomainError tooLarge(String message) { return new DomainError(Kind.TOO_LARGE, message); }
    public static DomainError unprocessable(String message) { return new DomainError(Kind.UNPROCESSABLE, message); }
    public static DomainError unavailable(String message) { return new DomainError(Kind.UNAVAILABLE, message); }
}
