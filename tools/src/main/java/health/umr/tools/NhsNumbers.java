package health.umr.tools;

/**
 * Distinct valid NHS numbers in the 999 test range (999 000 0000 – 999 999 9999), in an order
 * fixed by the seed: the six free digits run through an affine permutation of 0..999,999, and
 * candidates whose Modulus 11 check digit would be 10 are skipped. About 909,000 exist.
 */
public final class NhsNumbers {

    static final int SPACE = 1_000_000;

    private final long multiplier;
    private final long offset;
    private int next;

    public NhsNumbers(long seed) {
        long mixed = Randomness.mix64(seed ^ 0x5DEECE66DL);
        long a = Math.floorMod(mixed, SPACE);
        while (a % 2 == 0 || a % 5 == 0 || a < 1000) {
            a = (a + 1) % SPACE;
        }
        this.multiplier = a;
        this.offset = Math.floorMod(Randomness.mix64(mixed), SPACE);
    }

    /** The next number; throws once the range is used up. */
    public String next() {
        while (next < SPACE) {
            long body = (multiplier * next + offset) % SPACE;
            next++;
            String candidate = withCheckDigit("999" + String.format("%06d", body));
            if (candidate != null) {
                return candidate;
            }
        }
        throw new IllegalStateException("the 999 test range has no more valid NHS numbers");
    }

    /** How many valid numbers the range holds. */
    public static int capacity() {
        int count = 0;
        for (int body = 0; body < SPACE; body++) {
            if (withCheckDigit("999" + String.format("%06d", body)) != null) {
                count++;
            }
        }
        return count;
    }

    /** The nine digits with their Modulus 11 check digit appended, or null where the check digit would be 10. */
    static String withCheckDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check == 10 ? null : nineDigits + check;
    }

    /** Modulus 11 as the NHS Data Dictionary defines it. */
    public static boolean isValid(String digits) {
        return digits != null
                && digits.length() == 10
                && digits.chars().allMatch(Character::isDigit)
                && digits.equals(withCheckDigit(digits.substring(0, 9)));
    }
}
