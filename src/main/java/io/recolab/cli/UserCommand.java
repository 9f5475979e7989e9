package io.recolab.cli;

import io.recolab.app.Recolab;
import io.recolab.auth.Accounts;
import io.recolab.auth.People;
import io.recolab.auth.Role;
import io.recolab.auth.User;
import io.recolab.domain.DomainError;
import io.recolab.store.Database;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code user add|password|list}: people's accounts straight in the store, above all the first
 * admin. A password is never a command-line argument (other users of the machine see those in
 * the process list): it comes from {@code RECOLAB_PASSWORD}, or from the terminal (asked twice),
 * or as the first line of stdin.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage people's accounts in the store (the first admin, a forgotten password). "
                + "With the default H2 store, stop the server first (H2 opens its file for one process); "
                + "while it runs, an admin uses the UI or POST /api/v1/users instead.",
        subcommands = {UserCommand.Add.class, UserCommand.Password.class, UserCommand.ListUsers.class})
final class UserCommand implements Runnable {
    static final String PASSWORD_ENV = "RECOLAB_PASSWORD";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: add, password or list");
    }

    /** Where the store is: the same options as {@code serve}. */
    static final class StoreOptions {
        @Option(names = "--data-dir", defaultValue = "./data",
                description = "Data directory of the server whose H2 store to use (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "JDBC URL of the store instead (e.g. PostgreSQL).")
        String jdbcUrl;

        @Option(names = "--verbose", description = "Print stack traces of errors.")
        boolean verbose;

        /** On a store that exists: a mistyped --data-dir must not create an empty one and answer from it. */
        <T> T withPeople(Function<People, T> work) {
            if (jdbcUrl == null && !Database.h2Exists(dataDir)) {
                throw new UsageException("no recolab database in " + dataDir.toAbsolutePath()
                        + " (give --data-dir DIR or --db JDBC_URL; user add, or serve, creates one)");
            }
            return open(work);
        }

        /** Creates the embedded store when absent: the first admin is made before the first serve. */
        <T> T creatingStore(Function<People, T> work) {
            return open(work);
        }

        private <T> T open(Function<People, T> work) {
            String url = jdbcUrl != null ? jdbcUrl : Database.h2Url(dataDir);
            try (Database db = Database.open(url, 2)) {
                return work.apply(Recolab.people(db, Clock.systemUTC()));
            } catch (DomainError e) {
                if (e.kind() == DomainError.Kind.UNPROCESSABLE) {
                    throw new UsageException(e.getMessage());
                }
                throw e;
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user (password from "
            + PASSWORD_ENV + ", the terminal or stdin).")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--username", required = true, description = "Lower-case name: [a-z0-9][a-z0-9._-]{0,63}.")
        String username;

        @Option(names = "--role", required = true, description = "viewer, owner or admin.")
        String role;

        @Override
        public Integer call() {
            Role parsed = role(role);
            String password = readPassword(username);
            User user = store.creatingStore(p -> p.accounts().create(username, parsed, password, "cli"));
            System.out.println("user " + user.username() + " (" + user.role().wireName() + ") created");
            return 0;
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true, description = "Set a new password for a user "
            + "(and end their sessions); read like add's.")
    static final class Password implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--username", required = true)
        String username;

        @Override
        public Integer call() {
            String password = readPassword(username);
            store.withPeople(p -> p.accounts().change(username, new Accounts.Change(null, null, password), null));
            System.out.println("password of " + username + " set; their sessions ended");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users: name, role, disabled.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            for (User u : store.withPeople(p -> p.accounts().list())) {
                System.out.println(u.username() + "\t" + u.role().wireName() + (u.disabled() ? "\tdisabled" : ""));
            }
            return 0;
        }
    }

    static Role role(String name) {
        try {
            return Role.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--role: " + e.getMessage());
        }
    }

    static String readPassword(String username) {
        String fromEnv = System.getenv(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", username);
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new UsageException("the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UsageException("no password: set " + PASSWORD_ENV + " or give it as the first line of stdin");
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new UsageException("cannot read the password from stdin: " + e.getMessage());
        }
    }
}
