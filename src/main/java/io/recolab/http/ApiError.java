package io.recolab.http;

/**
 * An error meant for the caller: the HTTP status and a message that says what was wrong,
 * naming the field and the value. One failure handler renders it as {@code {"error": message}}.
 * Services outside {@code http/} may throw it too: it carries no vert.x type.
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
