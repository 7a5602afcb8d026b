package health.umr.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Dockerfile read as Docker reads it: comments dropped, continuation lines joined, stages split at FROM. */
final class Dockerfile {

    record Instruction(int line, String keyword, String arguments) {}

    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        /** ENV names and values in this stage, in order. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                for (String pair : words(instruction.arguments())) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        throw new AssertionError(
                                "line " + instruction.line() + ": use ENV KEY=value, not ENV KEY value");
                    }
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return env;
        }
    }

    final List<Instruction> instructions = new ArrayList<>();
    final List<Stage> stages = new ArrayList<>();

    Dockerfile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder pending = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (pending.isEmpty()) {
                start = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(
                    start,
                    text.substring(0, space < 0 ? text.length() : space).toUpperCase(Locale.ROOT),
                    space < 0 ? "" : text.substring(space + 1).strip()));
        }
        Stage current = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                String[] parts = instruction.arguments().split("\\s+");
                current = new Stage(
                        parts[0],
                        parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : "",
                        new ArrayList<>());
                stages.add(current);
            } else if (current != null) {
                current.instructions().add(instruction);
            }
        }
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** Splits on spaces outside double quotes, dropping the quotes. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
