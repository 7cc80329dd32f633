package io.flotilla.identity;

import jakarta.inject.Singleton;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import java.util.UUID;

/** Argon2id password hashing (memory-hard), with the parameters recommended by Spring Security 5.8+. */
@Singleton
public class PasswordHasher {
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Checked against when there is no hash, so that an unknown user costs as much time as a known one. */
    private final String decoy = encoder.encode(UUID.randomUUID().toString());

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether {@code password} matches {@code hash}; false (after the same work) when either is null. */
    public boolean matches(String password, String hash) {
        boolean matched = encoder.matches(password == null ? "" : password, hash == null ? decoy : hash);
        return matched && hash != null && password != null;
    }
}
