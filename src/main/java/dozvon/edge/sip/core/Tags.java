package dozvon.edge.sip.core;

import java.util.concurrent.ThreadLocalRandom;

/** Random tokens for tags and branches: unique enough across replicas and restarts (RFC 3261 §19.3). */
public final class Tags {
    private Tags() {}

    public static String newTag() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    public static String newBranch() {
        return "z9hG4bK" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}
