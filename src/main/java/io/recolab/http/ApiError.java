package io.recolab.http;

/**
 * A refusal of the transport itself (a request the HTTP layer turns away: media type, rate limit,
 * a route's own parameters): the status and a message naming the field. Domain code throws
 * {@link io.recolab.domain.DomainError} instead; one failure handler renders both as
 * {@code {"error": message}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String message) { return new ApiError(400, message); }
    public static ApiError unauthorized(String message) { return new ApiError(401, message); }
    public static ApiError forbidden(String message) { return new ApiError(403, message); }
    public static ApiError notFound(String message) { return new ApiError(404, message); }
    public static ApiError conflict(String message) { return new ApiError(409, message); }
    public static ApiError tooLarge(String message) { return new ApiError(413, message); }
    public static ApiError unprocessable(String message) { return new ApiError(422, message); }
    public static ApiError unavailable(String message) { return new ApiError(503, message); }
}
