package health.umr.domain;

/**
 * An NHS number: ten digits whose last is a Modulus 11 check digit (NHS Data Dictionary).
 * The check proves the format, not that the person exists.
 */
public record NhsNumber(String value) implements Comparable<NhsNumber> {

    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    public NhsNumber {
        if (!isValid(value)) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_NHS_NUMBER,
                    "'" + printable(value)
                            + "' is not a valid NHS number: it must be 10 digits (0-9, optionally spaced 3 3 4) with a correct "
                            + "Modulus 11 check digit");
        }
    }

    /**
     * Accepts the 10 ASCII digits, or the same spaced 3-3-4 as printed ("944 930 6680"), and
     * stores them canonical. Digits of other scripts (Arabic-Indic, Bengali, full-width ...) are
     * refused: Java and PostgreSQL would take them for different numbers, one patient twice.
     */
    public static NhsNumber parse(String text) {
        if (text != null && SPACED.matcher(text.strip()).matches()) {
            return new NhsNumber(text.strip().replace(" ", ""));
        }
        return new NhsNumber(text == null ? null : text.strip());
    }

    private static final java.util.regex.Pattern SPACED = java.util.regex.Pattern.compile("[0-9]{3} [0-9]{3} [0-9]{4}");

    public static boolean isValid(String digits) {
        if (digits == null || digits.length() != 10) {
            return false;
        }
        // a loop, not chars().allMatch: every source record a rebuild reads checks its patient's number
        for (int i = 0; i < 10; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public int compareTo(NhsNumber other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
