package health.umr.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The medicines the generator prescribes ({@code generator/medicines.csv}: real dm+d VTMs, one VMP)
 * and the real dm+d product chains it codes GP and homecare records with
 * ({@code generator/products.csv}). Both files name their sources.
 */
public final class Formulary {

    /** How often a dose is taken: {@code frequency} times every {@code period} {@code unit} (d, wk, mo, h). */
    public record Timing(int frequency, int period, String unit) {

        static Timing parse(String text) {
            int slash = text.indexOf('/');
            String periodPart = text.substring(slash + 1);
            int split = 0;
            while (split < periodPart.length() && Character.isDigit(periodPart.charAt(split))) {
                split++;
            }
            return new Timing(
                    Integer.parseInt(text.substring(0, slash)),
                    Integer.parseInt(periodPart.substring(0, split)),
                    periodPart.substring(split));
        }

        /** "once daily", "twice daily", "every 2 weeks" ... */
        public String words() {
            String per = switch (unit) {
                case "d" -> period == 1 ? "daily" : "every " + period + " days";
                case "wk" -> period == 1 ? "weekly" : "every " + period + " weeks";
                case "mo" -> period == 1 ? "monthly" : "every " + period + " months";
                case "h" -> "every " + period + " hours";
                default -> "every " + period + " " + unit;
            };
            if (frequency == 1) {
                return period == 1 ? "once " + per : per;
            }
            String times = switch (frequency) {
                case 2 -> "twice";
                case 3 -> "three times";
                case 4 -> "four times";
                case 5 -> "five times";
                default -> frequency + " times";
            };
            return times + " " + per;
        }
    }

    /** One medicine a patient may take. {@code settings}: g GP, a acute, m mental health, h homecare, d drug team. */
    public record Medicine(
            String level,
            String code,
            String name,
            int weight,
            String settings,
            String sex,
            int minAge,
            String drugClass,
            boolean shortCourse,
            BigDecimal doseValue,
            String doseUnit,
            Timing timing,
            boolean asNeeded,
            String dosageText) {

        public boolean usedBy(char setting) {
            return settings.indexOf(setting) >= 0;
        }

        public boolean suits(int age, String gender) {
            if (age < minAge) {
                return false;
            }
            return sex.isEmpty()
                    || ("F".equals(sex) && "female".equals(gender))
                    || ("M".equals(sex) && "male".equals(gender));
        }
    }

    /** A VMP, AMP or AMPP of a real dm+d release, with its VMP and VTM (VTM empty where the VMP has none). */
    public record Product(String level, String code, String name, String vtmId, String vmpId) {}

    private final List<Medicine> medicines;
    private final Map<String, List<Product>> productsByMedicine;

    private Formulary(List<Medicine> medicines, Map<String, List<Product>> productsByMedicine) {
        this.medicines = medicines;
        this.productsByMedicine = productsByMedicine;
    }

    public static Formulary load() {
        List<Medicine> medicines = new ArrayList<>();
        List<List<String>> rows = Csv.read(resource("/generator/medicines.csv"));
        for (List<String> row : rows.subList(1, rows.size())) {
            medicines.add(new Medicine(
                    row.get(0),
                    row.get(1),
                    row.get(2),
                    Integer.parseInt(row.get(3)),
                    row.get(4),
                    row.get(5),
                    Integer.parseInt(row.get(6)),
                    row.get(7),
                    "a".equals(row.get(8)),
                    new BigDecimal(row.get(9)),
                    row.get(10),
                    Timing.parse(row.get(11)),
                    "y".equals(row.get(12)),
                    row.get(13)));
        }
        Map<String, List<Product>> products = new LinkedHashMap<>();
        List<List<String>> productRows = Csv.read(resource("/generator/products.csv"));
        for (List<String> row : productRows.subList(1, productRows.size())) {
            Product product = new Product(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            String key = product.vtmId().isEmpty() ? product.vmpId() : product.vtmId();
            products.computeIfAbsent(key, k -> new ArrayList<>()).add(product);
        }
        return new Formulary(List.copyOf(medicines), products);
    }

    public List<Medicine> medicines() {
        return medicines;
    }

    /** Products of a medicine at one level (VMP, AMP, AMPP); empty where the bundled release has none. */
    public List<Product> products(Medicine medicine, String level) {
        return productsByMedicine.getOrDefault(medicine.code(), List.of()).stream()
                .filter(p -> p.level().equals(level))
                .toList();
    }

    public List<Product> allProducts() {
        return productsByMedicine.values().stream().flatMap(List::stream).toList();
    }

    private static InputStream resource(String name) {
        InputStream in = Formulary.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return in;
    }

    /** RFC 4180 CSV, with lines starting '#' as comments and blank lines skipped; the header is row 0. */
    static final class Csv {

        private static final CSVFormat FORMAT = CSVFormat.DEFAULT
                .builder()
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .get();

        private Csv() {}

        static List<List<String>> read(InputStream in) {
            try (CSVParser parser =
                    FORMAT.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))) {
                List<List<String>> rows = new ArrayList<>();
                for (CSVRecord record : parser) {
                    rows.add(record.toList());
                }
                return rows;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
