package health.umr.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: the identity of a message or of a resource's content. */
public final class Sha256 {

    private Sha256() {}

    /** Never updated: each digest is a clone of it, cheaper than a provider look-up per call. */
    private static final MessageDigest PROTOTYPE = newDigest();

    private static final HexFormat HEX = HexFormat.of();

    public static String hex(byte[] bytes) {
        return HEX.formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
