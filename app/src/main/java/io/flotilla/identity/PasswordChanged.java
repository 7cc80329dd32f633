package io.flotilla.identity;

/** Published inside the transaction that gave {@code username} a new password. */
public record PasswordChanged(String username) {
}
