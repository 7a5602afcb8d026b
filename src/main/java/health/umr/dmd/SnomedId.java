package health.umr.dmd;

import java.util.Optional;

/**
 * Checks of the structure of SNOMED CT ids (SCTIDs), which dm+d ids are.
 *
 * <p>An SCTID is 6 to 18 digits without a leading zero, laid out as
 * {@code <item><namespace?><partition><check>}:
 * <ul>
 *   <li>the last digit is a Verhoeff check digit over all the others;</li>
 *   <li>the two digits before it are the partition: the first is 0 for the short format (an
 *       international id, no namespace) or 1 for the long format (an extension id with a 7-digit
 *       namespace before the partition); the second is 0 for a concept, 1 for a description,
 *       2 for a relationship;</li>
 *   <li>in the long format the 7 digits before the partition are the namespace: dm+d's own ids
 *       use 1000001 (e.g. 34186711000001102 = item 3418671, namespace 1000001, partition 10,
 *       check 2).</li>
 * </ul>
 * The checks prove the form of an id, not that any release contains it.
 */
public final class SnomedId {

    /** Verhoeff multiplication table (the dihedral group D5). */
    private static final int[][] MULTIPLY = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
        {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
        {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
        {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
        {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
    };
    /** Verhoeff permutation table, by position mod 8. */
    private static final int[][] PERMUTE = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
        {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
        {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
        {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
        {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
        {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
    };
    /** Verhoeff inverse table. */
    private static final int[] INVERSE = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

    /** The partition of a concept id in the long (extension) format. */
    public static final String EXTENSION_CONCEPT_PARTITION = "10";

    private SnomedId() {}

    /**
     * True if {@code id} is a well-formed SCTID: 6–18 digits, no leading zero, a known partition
     * (00, 01, 02, 10, 11, 12), at least one item digit before a namespace in the long format,
     * and a correct Verhoeff check digit. Null is false.
     */
    public static boolean isValid(String id) {
        if (id == null || id.length() < 6 || id.length() > 18 || id.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        char format = id.charAt(id.length() - 3);
        char type = id.charAt(id.length() - 2);
        if ((format != '0' && format != '1') || type < '0' || type > '2') {
            return false;
        }
        if (format == '1' && id.length() < 11) {
            return false;
        }
        return verhoeff(id, 0) == 0;
    }

    /** True if {@code id} is a valid SCTID of a concept (partition 00 or 10). */
    public static boolean isConceptId(String id) {
        return isValid(id) && id.charAt(id.length() - 2) == '0';
    }

    /** The 7-digit namespace of a valid long-format SCTID; empty for short-format or invalid ids. */
    public static Optional<String> namespace(String id) {
        if (!isValid(id) || id.charAt(id.length() - 3) != '1') {
            return Optional.empty();
        }
        return Optional.of(id.substring(id.length() - 10, id.length() - 3));
    }

    /** The Verhoeff check digit for a string of digits (everything of an SCTID but its last digit). */
    public static char checkDigit(String digits) {
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a string of digits: " + digits);
        }
        return (char) ('0' + INVERSE[verhoeff(digits, 1)]);
    }

    /**
     * A concept id in the long format: {@code item + namespace + "10" + check digit}.
     *
     * @param item      a positive item number
     * @param namespace a 7-digit namespace, e.g. "1000001"
     */
    public static String extensionConceptId(long item, String namespace) {
        if (item <= 0) {
            throw new IllegalArgumentException("item must be positive: " + item);
        }
        if (namespace == null || !namespace.matches("[0-9]{7}")) {
            throw new IllegalArgumentException("namespace must be 7 digits: " + namespace);
        }
        String payload = item + namespace + EXTENSION_CONCEPT_PARTITION;
        String id = payload + checkDigit(payload);
        if (id.length() > 18) {
            throw new IllegalArgumentException("item too large for an 18-digit id: " + item);
        }
        return id;
    }

    /**
     * The Verhoeff running value over the digits of {@code digits} read right to left, the
     * rightmost digit at position {@code firstPosition} (0 to check a whole id, 1 to compute a
     * check digit for a payload).
     */
    private static int verhoeff(String digits, int firstPosition) {
        int c = 0;
        int position = firstPosition;
        for (int i = digits.length() - 1; i >= 0; i--, position++) {
            c = MULTIPLY[c][PERMUTE[position % 8][digits.charAt(i) - '0']];
        }
        return c;
    }
}
