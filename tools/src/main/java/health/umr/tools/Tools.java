package health.umr.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * The client-side commands of the tools jar ({@code replay}, {@code generate}, {@code bench-load}):
 * plain Java outside the service, speaking to UMR over HTTP or Kafka only.
 */
public final class Tools {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    private static final Set<String> COMMANDS = Set.of("replay", "generate", "bench-load");

    private Tools() {}

    public static void main(String... args) {
        if (args.length == 0 || !COMMANDS.contains(args[0])) {
            System.err.println(usage(""));
            System.exit(USAGE);
        }
        System.exit(run(args));
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
