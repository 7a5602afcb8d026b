package health.umr.tools;

/**
 * Which patient the i-th read asks for. Uniform (the figure of record): a seeded hash of i over every
 * patient, so every run reads the same ones. With a hot share, that share of the reads goes to a hot set
 * of {@code hotFraction} of the patients (at least one), as a clinical portal re-reads the patients seen
 * recently; the hot set is fixed by {@code HOT_SET_SEED}, not by the run's seed, so a warm-up and the run
 * after it re-read the same patients.
 */
final class ReadPick {

    private static final long HOT_SET_SEED = 0x5EED_0F_4075L;

    private final int patients;
    private final double hotShare;
    private final int hotPatients;

    ReadPick(int patients, double hotShare, double hotFraction) {
        if (patients < 1 || !(hotShare >= 0 && hotShare <= 1) || !(hotFraction > 0 && hotFraction <= 1)) {
            throw new UsageException("bench-load read: --hot-share 0-1, --hot-fraction above 0 up to 1");
        }
        this.patients = patients;
        this.hotShare = hotShare;
        this.hotPatients = (int) Math.max(1, Math.round(patients * hotFraction));
    }

    boolean uniform() {
        return hotShare == 0;
    }

    /**
     * A seed whose uniform picks share no hash input with {@code seed}'s for its first 2^40 reads, so a
     * warm-up seeded so reads other patients than the run seeded {@code seed} (bar chance: reads/patients).
     * Needed because {@link #index} hashes {@code seed * 31 + i}: nearby seeds (1 and 2, or 1 and 7) give
     * shifted copies of one sequence, and a warm-up of seed 2 read three quarters of the patients seed 1's
     * run then read, so these were re-reads, warm in the read cache and PostgreSQL's buffers.
     */
    static long apart(long seed) {
        return seed + (1L << 40);
    }

    /** The index of the patient read by request {@code i} of a run seeded {@code seed}. */
    int index(long seed, int i) {
        long hash = Randomness.mix64(seed * 31 + i);
        if (hotShare > 0 && Math.floorMod(Randomness.mix64(hash), 1_000_000L) < Math.round(hotShare * 1_000_000)) {
            return hot((int) Math.floorMod(Randomness.mix64(hash + 1), (long) hotPatients));
        }
        return (int) Math.floorMod(hash, (long) patients);
    }

    /** The j-th patient of the hot set. */
    int hot(int j) {
        return (int) Math.floorMod(Randomness.mix64(HOT_SET_SEED + j), (long) patients);
    }

    int hotPatients() {
        return hotPatients;
    }
}
