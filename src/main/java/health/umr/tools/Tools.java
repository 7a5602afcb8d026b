package health.umr.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * The client-side commands of the packaged jar ({@code replay}, {@code generate}, {@code bench-load}).
 * Main runs them before Quarkus starts: plain Java, no database, no CDI.
 */
public final class Tools {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    private static final Set<String> COMMANDS = Set.of("replay", "generate", "bench-load");

    private Tools() {}

    public static boolean handles(String command) {
        return COMMANDS.contains(command);
    }

    /** Runs one command; answers its exit code. */
    public static int run(String... args) {
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        PrintStream err = System.err;
        try {
            return switch (command) {
                case "replay" -> ReplayCommand.run(rest, System.out, err);
                case "generate" -> GenerateCommand.run(rest, System.out, err);
                case "bench-load" -> BenchLoadCommand.run(rest, System.out, err);
                default -> throw new UsageException("unknown command " + command);
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(usage(command));
            return USAGE;
        }
    }

    static String usage(String command) {
        return switch (command) {
            case "replay" -> ReplayCommand.USAGE;
            case "generate" -> GenerateCommand.USAGE;
            case "bench-load" -> BenchLoadCommand.USAGE;
            default -> "commands: replay, generate, bench-load";
        };
    }
}
