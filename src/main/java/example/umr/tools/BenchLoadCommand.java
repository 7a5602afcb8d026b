package example.umr.tools;

import java.io.PrintStream;

/** Placeholder while the load generator is written. */
public final class BenchLoadCommand {
    static final String USAGE = "usage: bench-load ...";

    private BenchLoadCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Tools.USAGE;
    }
}
