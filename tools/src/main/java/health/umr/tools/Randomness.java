package health.umr.tools;

import java.util.SplittableRandom;
import java.util.UUID;

/** The generator's randomness: seeds spread per patient, ids, counts and weighted picks. */
final class Randomness {

    private Randomness() {}

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads seeds so neighbouring ones share nothing. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String uuid(SplittableRandom r) {
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** An EPS-like short-form prescription id: three groups of six. */
    static String prescriptionId(SplittableRandom r) {
        String hex = "0123456789ABCDEF";
        StringBuilder id = new StringBuilder(20);
        for (int group = 0; group < 3; group++) {
            if (group > 0) {
                id.append('-');
            }
            for (int i = 0; i < 6; i++) {
                id.append(hex.charAt(r.nextInt(16)));
            }
        }
        return id.toString();
    }

    static int poisson(double mean, SplittableRandom r) {
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= r.nextDouble();
            count++;
        }
        return count;
    }

    static int pick(double[] weights, SplittableRandom r) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double ticket = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            ticket -= weights[i];
            if (ticket < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
