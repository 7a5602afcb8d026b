package health.umr.tools;

/**
 * The bearer token the tools send to UMR: {@code --token}, else the environment's UMR_TOKEN (the
 * Makefile mints a local admin token when none is given), else the {@code umr.token} system property.
 * {@link UmrHttp} puts it on every request.
 */
public final class ServiceToken {

    private static volatile String given;

    private ServiceToken() {}

    /** Sets the token for this process ({@code --token}). */
    public static void use(String token) {
        given = token;
    }

    public static String current() {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String env = System.getenv("UMR_TOKEN");
        return env != null && !env.isBlank() ? env : System.getProperty("umr.token");
    }
}
