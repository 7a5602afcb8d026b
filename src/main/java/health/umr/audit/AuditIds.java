package health.umr.audit;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * The ids of stored AuditEvents: random (version 4) UUIDs, as {@link UUID#randomUUID()} makes, from
 * a cryptographically strong generator, so an id is neither guessable nor repeated.
 *
 * <p>Why not {@code UUID.randomUUID()}: its one shared SecureRandom (NativePRNG here) takes a global
 * lock and mixes SHA1PRNG output with a read of /dev/urandom for every 16 bytes, and every audited
 * request asks for one. Here each thread has its own NIST SP 800-90A Hash_DRBG (SHA-256, 128-bit
 * strength; the JDK's "DRBG", seeded from the system's entropy source when the thread first asks)
 * and draws 256 bytes at a time, 16 ids' worth: no lock shared between threads, about a third of the
 * CPU per id (bench/README.md, "Audit and access log on the read path"). The bytes are as
 * unpredictable as the DRBG's output; held a few microseconds in the thread's own buffer they add no
 * exposure beyond the process's memory, where the ids end up anyway. Request threads are a bounded
 * pool (no virtual threads in UMR), so the generators are few and live as long as their threads.
 */
final class AuditIds {

    private static final int BUFFER = 256;

    private static final ThreadLocal<AuditIds> PER_THREAD = ThreadLocal.withInitial(AuditIds::new);

    private final SecureRandom random;
    private final byte[] bytes = new byte[BUFFER];
    private int next = BUFFER;

    private AuditIds() {
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no DRBG SecureRandom", e);
        }
    }

    /** A new random UUID (version 4, IETF variant). */
    static UUID next() {
        return PER_THREAD.get().take();
    }

    private UUID take() {
        if (next == BUFFER) {
            random.nextBytes(bytes);
            next = 0;
        }
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[next + i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            least = (least << 8) | (bytes[next + i] & 0xff);
        }
        Arrays.fill(bytes, next, next + 16, (byte) 0); // used bytes are not kept
        next += 16;
        most = (most & ~0xF000L) | 0x4000L; // version 4
        least = (least & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(most, least);
    }
}
