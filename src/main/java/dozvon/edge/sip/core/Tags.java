package dozvon.edge.sip.core;

import java.util.concurrent.ThreadLocalRandom;

/** Random tokens for tags and branches: unique enough across replicas and restarts (RFC 3261 §19.3). */
public final class Tags {
    private Tags() {}

    public static String newTag() {
        return random63();
    }

    public static String newBranch() {
        return "z9hG4bK" + random63() + random63();
    }

    /** 63 random bits in base 36: an unsigned 64-bit value in base 36 goes through BigInteger, for every message. */
    private static String random63() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
