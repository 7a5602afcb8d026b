package health.umr.security;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code make token}: prints one token of the local issuer on stdout and nothing else, creating
 * the signing key under the data dir (UMR_DATA_DIR, default ./data) if UMR has not yet started.
 * Runs before Quarkus: no database, no server.
 */
public final class TokenCommand {

    public static final String USAGE =
            "usage: token [--client id] [--scopes \"s1 s2\"] [--patient nhs] [--user id] [--ttl seconds]\n"
                    + "  with no options: an all-powerful local admin token (" + LocalIssuer.ADMIN_SCOPES
                    + "), valid 1 hour";

    private TokenCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String client = LocalIssuer.ADMIN_CLIENT;
        String scopes = LocalIssuer.ADMIN_SCOPES;
        String patient = null;
        String user = null;
        boolean userGiven = false;
        long ttl = 3600;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--client" -> client = require(args[i], value);
                    case "--scopes" -> scopes = require(args[i], value);
                    case "--patient" -> patient = require(args[i], value);
                    case "--user" -> {
                        user = require(args[i], value);
                        userGiven = true;
                    }
                    case "--ttl" -> ttl = Long.parseLong(require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (env("UMR_AUTH_ISSUER") != null) {
            err.println("UMR_AUTH_ISSUER is set: tokens come from that issuer, not from `make token`");
            return 2;
        }
        List<String> granted = Arrays.stream(scopes.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
        if (!userGiven && granted.stream().anyMatch(s -> s.startsWith("user/"))) {
            user = client; // a user/ scope speaks for a person: the client stands in for one locally
        }
        String audience = env("UMR_AUTH_AUDIENCE") == null ? "umr" : env("UMR_AUTH_AUDIENCE");
        LocalIssuer issuer = LocalIssuer.loadOrCreate(LocalIssuer.defaultKeyFile());
        out.println(issuer.mint(audience, client, user, granted, patient, Duration.ofSeconds(ttl)));
        return 0;
    }

    private static String require(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }
}
