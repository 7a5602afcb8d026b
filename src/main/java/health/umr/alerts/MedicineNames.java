package health.umr.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The high-risk medicines UMR recognises by name in a record that has no dm+d code
 * ({@code reference/medicine-names.csv}): every time-critical and valproate VTM name and their common
 * brand names. A name matches as whole words, ignoring case and punctuation ("Epilim Chrono 500mg"
 * matches "Epilim"); the longest matching name wins. Recognition only raises the medicine's own alerts,
 * marked "matched by name, confirm": the record is never merged with a coded one by its name.
 */
public final class MedicineNames {

    /** One name and the VTM it names. */
    public record Name(String name, String vtmId, String vtmName) {
        public Name {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(vtmId, "vtmId");
        }
    }

    private record Entry(String[] words, int length, Name name) {}

    /** Entries by their first word, longest first. */
    private final Map<String, List<Entry>> byFirstWord;

    private final int size;

    MedicineNames(List<Name> names) {
        Map<String, List<Entry>> index = new HashMap<>();
        int count = 0;
        for (Name name : names) {
            String words = words(name.name());
            if (!words.isBlank()) {
                String[] parts = words.split(" ");
                index.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(new Entry(parts, words.length(), name));
                count++;
            }
        }
        index.values()
                .forEach(list -> list.sort(Comparator.comparing((Entry e) -> -e.length())
                        .thenComparing(e -> String.join(" ", e.words()))));
        this.byFirstWord = Map.copyOf(index);
        this.size = count;
    }

    /** The medicine a text names, if it names one of the list: the longest name found. */
    public Optional<Name> recognise(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String[] words = words(text).split(" ");
        Entry best = null;
        for (int i = 0; i < words.length; i++) {
            List<Entry> candidates = byFirstWord.get(words[i]);
            if (candidates == null) {
                continue;
            }
            for (Entry entry : candidates) {
                if (matchesAt(words, i, entry.words())) {
                    if (best == null || entry.length() > best.length()) {
                        best = entry;
                    }
                    break; // the longest for this position
                }
            }
        }
        return Optional.ofNullable(best).map(Entry::name);
    }

    private static boolean matchesAt(String[] text, int at, String[] name) {
        if (at + name.length > text.length) {
            return false;
        }
        for (int j = 0; j < name.length; j++) {
            if (!text[at + j].equals(name[j])) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** Lower case, every run of characters other than letters and digits one space. */
    static String words(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = true;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        return out.toString().strip();
    }
}
