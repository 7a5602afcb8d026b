package health.umr.tools;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The client-side commands of the tools jar ({@code replay}, {@code generate}, {@code bench-load}):
 * plain Java outside the service, speaking to UMR over HTTP (through {@link UmrHttp}) or Kafka only.
 * Exit codes: 0 done, 1 something was refused or failed, 2 a usage error.
 */
@Command(
        name = "umr-tools",
        mixinStandardHelpOptions = true,
        description = "UMR's client-side tools: a synthetic population, replay, the benchmark's load clients.",
        subcommands = {ReplayCommand.class, GenerateCommand.class, BenchLoadCommand.class})
public final class Tools implements Runnable {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    public static void main(String... args) {
        System.exit(run(args));
    }

    /** Runs one command; answers its exit code. */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new Tools());
        // numbers may be written 10_000 or 10,000, as before
        line.registerConverter(Integer.class, Tools::parseInt);
        line.registerConverter(int.class, Tools::parseInt);
        line.registerConverter(Long.class, Tools::parseLong);
        line.registerConverter(long.class, Tools::parseLong);
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (failure instanceof UsageException) {
                err.println(failure.getMessage());
                command.usage(err);
                return USAGE;
            }
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                err.println(command.getCommandName() + ": interrupted");
                return REFUSED;
            }
            err.println(command.getCommandName() + ": " + failure);
            return REFUSED;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command: replay, generate, bench-load");
    }

    /** Refuses a number out of its range, naming the option. */
    static int between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static Integer parseInt(String text) {
        return Integer.valueOf(text.replace("_", "").replace(",", ""));
    }

    private static Long parseLong(String text) {
        return Long.valueOf(text.replace("_", ""));
    }
}
