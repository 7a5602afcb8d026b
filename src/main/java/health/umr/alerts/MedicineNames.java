package health.umr.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

    private record Entry(String words, Name name) {}

    private final List<Entry> entries;

    MedicineNames(List<Name> names) {
        List<Entry> list = new ArrayList<>();
        for (Name name : names) {
            String words = words(name.name());
            if (!words.isBlank()) {
                list.add(new Entry(words, name));
            }
        }
        list.sort(Comparator.comparing((Entry e) -> -e.words().length()).thenComparing(Entry::words));
        this.entries = List.copyOf(list);
    }

    /** The medicine a text names, if it names one of the list. */
    public Optional<Name> recognise(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String padded = " " + words(text) + " ";
        for (Entry entry : entries) {
            if (padded.contains(" " + entry.words() + " ")) {
                return Optional.of(entry.name());
            }
        }
        return Optional.empty();
    }

    public int size() {
        return entries.size();
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
