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
                    "'" + value
                            + "' is not a valid NHS number: it must be 10 digits with a correct Modulus 11 check digit");
        }
    }

    /** Accepts the 10 digits with or without the usual spaces ("944 930 6680"). */
    public static NhsNumber parse(String text) {
        return new NhsNumber(text == null ? null : text.replace(" ", "").strip());
    }

    public static boolean isValid(String digits) {
        if (digits == null || digits.length() != 10 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
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

    @Override
    public int compareTo(NhsNumber other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
