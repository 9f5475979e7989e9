package io.recolab.auth;

/**
 * What a new password must be. Length is what makes a password strong (NIST SP 800-63B): at least
 * 12 characters, no composition rules; at most 256 so that nobody makes the server hash megabytes.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 256;

    private PasswordPolicy() {
    }

    /** @throws IllegalArgumentException saying what is wrong (never echoing the password) */
    public static void check(String password, String username) {
        if (password == null) {
            throw new IllegalArgumentException("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a password must have " + MIN_LENGTH + ".." + MAX_LENGTH
                    + " characters, got " + length);
        }
        if (password.isBlank()) {
            throw new IllegalArgumentException("a password cannot be only spaces");
        }
        if (username != null && password.equalsIgnoreCase(username)) {
            throw new IllegalArgumentException("a password cannot be the username");
        }
    }
}
