package io.partnersync.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Pattern;

/**
 * Users and API tokens of the ops and admin API ({@code partnersync.security}). No secret is
 * written in a file: a user has a password hash ({@code {bcrypt}$2a$10$...}), a token its SHA-256
 * (hex) or the name of the environment variable that holds it.
 */
@Validated
@ConfigurationProperties("partnersync.security")
public record SecuritySettings(@Valid List<User> users, @Valid List<Token> tokens) {

    public SecuritySettings {
        users = users == null ? List.of() : List.copyOf(users);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * admin: everything; ops: read, replay, resume, run checks now; viewer: read.
     */
    public enum Role {
        ADMIN, OPS, VIEWER;

        /** The authorities a role carries: each role includes the ones below it. */
        List<String> authorities() {
            return switch (this) {
                case ADMIN -> List.of("ROLE_ADMIN", "ROLE_OPS", "ROLE_VIEWER");
                case OPS -> List.of("ROLE_OPS", "ROLE_VIEWER");
                case VIEWER -> List.of("ROLE_VIEWER");
            };
        }
    }

    /**
     * @param passwordHash as Spring Security stores them, e.g. {@code {bcrypt}$2a$10$...}; only slow,
     *        salted schemes ({@link #STRONG_HASH}): a {@code {noop}} password is the password itself in a file
     */
    public record User(@NotBlank String name,
                       @NotBlank @Pattern(regexp = STRONG_HASH, message = STRONG_HASH_EXPECTED) String passwordHash,
                       @NotNull Role role) {
    }

    /** Spring Security's ids of the slow, salted password hashes (bcrypt, argon2, scrypt, pbkdf2). */
    public static final String STRONG_HASH = "\\{(bcrypt|argon2|scrypt|pbkdf2)(@SpringSecurity_v5_8)?\\}.+";
    /** Braces escaped for Bean Validation's message interpolation. */
    static final String STRONG_HASH_EXPECTED = "is a hash with a slow, salted scheme (\\{bcrypt\\}$2a$10$..., \\{argon2\\}, \\{scrypt\\} or \\{pbkdf2\\}); "
            + "\\{noop\\} (plaintext) and fast hashes (\\{sha256\\}, \\{MD5\\}) are refused";

    /**
     * @param sha256 the token's SHA-256, hex; or
     * @param env the environment variable that holds the token itself
     */
    public record Token(@NotBlank String name, String sha256, String env, @NotNull Role role) {
    }
}
