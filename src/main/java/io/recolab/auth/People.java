package io.recolab.auth;

/** Everything about people signing in, handed to the HTTP layer as one. */
public record People(Accounts accounts, SignIn signIn, Sessions sessions) {
}
