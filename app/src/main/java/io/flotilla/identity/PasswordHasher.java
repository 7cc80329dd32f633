package io.flotilla.identity;

import jakarta.inject.Singleton;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id password hashing (memory-hard), with the parameters recommended by Spring Security 5.8+. */
@Singleton
public class PasswordHasher {
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return hash != null && password != null && encoder.matches(password, hash);
    }
}
