package io.recolab.app;

import io.recolab.auth.ApiKeys;
import io.recolab.auth.People;
import io.recolab.auth.Role;
import io.recolab.auth.Scope;
import io.recolab.auth.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets a node makes when the store has none yet: the admin API key (or the one RECOLAB_ADMIN_KEY
 * names), and for the demo an admin account with a generated password. Each is printed once by the
 * caller and stored in the data directory, readable by the owner only.
 */
final class FirstStart {
    static final String ADMIN_KEY_FILE = "admin.key";
    static final String DEMO_PASSWORD_FILE = "demo-admin.password";
    static final String DEMO_USER = "admin";
    static final String BOOTSTRAP_LABEL = "bootstrap admin";
    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);

    private final Path dataDir;
    private final ApiKeys keys;
    private final People people;

    FirstStart(Path dataDir, ApiKeys keys, People people) {
        this.dataDir = dataDir;
        this.keys = keys;
        this.people = people;
    }

    /**
     * Registers the configured admin key (revoking the one it replaces: changing RECOLAB_ADMIN_KEY rotates
     * it), or creates one when no active admin key exists.
     *
     * @return the secret of a key created now (to print once), else null
     */
    String adminKey(String configured) {
        if (configured != null && !configured.isBlank()) {
            String label = BOOTSTRAP_LABEL + " (RECOLAB_ADMIN_KEY)";
            ApiKeys.Issued issued = keys.register(configured.trim(), label, EnumSet.of(Scope.ADMIN), null, null);
            keys.list().stream()
                    .filter(k -> k.label().equals(label) && !k.id().equals(issued.key().id()) && k.revokedAt() == null)
                    .forEach(k -> keys.revoke(k.id()));
            return null;
        }
        if (keys.hasActiveAdmin()) {
            return null;
        }
        ApiKeys.Issued issued = keys.create(BOOTSTRAP_LABEL, EnumSet.of(Scope.ADMIN), null, null);
        writeOwnerOnly(dataDir.resolve(ADMIN_KEY_FILE), issued.secret());
        return issued.secret();
    }

    /**
     * The demo must be usable from its one command: with no accounts yet, it creates the admin
     * {@value #DEMO_USER} with a generated password, as Jenkins does with its initial admin password.
     *
     * @return the password of an account created now (to print once), else null
     */
    String demoUser() {
        if (!people.accounts().list().isEmpty()) {
            return null;
        }
        String password = Secrets.newSecret("").substring(0, 20);
        people.accounts().create(DEMO_USER, Role.ADMIN, password, "demo");
        writeOwnerOnly(dataDir.resolve(DEMO_PASSWORD_FILE), password);
        return password;
    }

    private static void writeOwnerOnly(Path file, String secret) {
        try {
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.debug("no POSIX permissions on this file system");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store a secret in " + file, e);
        }
    }
}
