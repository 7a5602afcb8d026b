package health.umr.tools;

/**
 * Valid NHS numbers for the bench's synthetic patients, made in SQL: a two-digit range prefix, seven
 * digits and the Modulus 11 check digit. Candidates whose check would be 10 are skipped, as for real
 * numbers. The service refuses an invalid number wherever it meets one (a rebuild reads every stored
 * patient), so synthetic rows must be valid too.
 */
final class BenchNumbers {

    private BenchNumbers() {}

    /**
     * A query of {@code (g, nhs_number)}: candidate {@code g} (0 to {@code lastCandidate}) made into a
     * number in the {@code prefix} range, valid ones only.
     */
    static String candidates(String prefix, long lastCandidate) {
        if (!prefix.matches("[0-9]{2}")) {
            throw new IllegalArgumentException("a range prefix is two digits: " + prefix);
        }
        // weights 10..2 over the nine digits: the prefix's two weigh 10 and 9, the seven digits of g 8..2
        int prefixWeight = (prefix.charAt(0) - '0') * 10 + (prefix.charAt(1) - '0') * 9;
        return """
                SELECT g, '%s' || lpad(g::text, 7, '0') || check_digit AS nhs_number
                FROM (SELECT g, (11 - (%d + (g / 1000000) %% 10 * 8 + (g / 100000) %% 10 * 7
                             + (g / 10000) %% 10 * 6 + (g / 1000) %% 10 * 5 + (g / 100) %% 10 * 4
                             + (g / 10) %% 10 * 3 + g %% 10 * 2) %% 11) %% 11 AS check_digit
                      FROM generate_series(0, %d) g) candidate
                WHERE check_digit < 10""".formatted(prefix, prefixWeight, Math.min(9_999_999L, lastCandidate));
    }
}
