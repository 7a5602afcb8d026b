package health.umr.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value}, {@code --name=value} and bare {@code --flag} options, checked against the names a command knows. */
public final class CommandLine {

    private final String command;
    private final Map<String, String> options;

    private CommandLine(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    /**
     * @param args   the arguments after the command name
     * @param known  option names (without dashes) that take a value
     * @param flags  option names that take none
     */
    public static CommandLine parse(String command, String[] args, Set<String> known, Set<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                options.put(name, value == null ? "true" : value);
                continue;
            }
            if (!known.contains(name)) {
                throw new UsageException(command + ": unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(command + ": --" + name + " needs a value");
                }
                value = args[++i];
            }
            options.put(name, value);
        }
        return new CommandLine(command, options);
    }

    public Optional<String> find(String name) {
        String value = options.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new UsageException(command + ": --" + name + " is required"));
    }

    public String get(String name, String fallback) {
        return find(name).orElse(fallback);
    }

    public boolean flag(String name) {
        return find(name).map(v -> !"false".equalsIgnoreCase(v)).orElse(false);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> text = find(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get().replace("_", "").replace(",", ""));
            if (value < min || value > max) {
                throw new UsageException(
                        command + ": --" + name + " must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, not '" + text.get() + "'");
        }
    }

    public long longValue(String name, long fallback) {
        Optional<String> text = find(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, not '" + text.get() + "'");
        }
    }
}
