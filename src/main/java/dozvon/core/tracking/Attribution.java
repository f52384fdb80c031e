package dozvon.core.tracking;

/**
 * Where a call came from, as stored in {@code calls.tracking} and shown on the screen pop. A static number
 * gives source, medium and campaign from config; a pool number leased to a website visitor gives the visitor's
 * own session (keyword, landing page, visitor id) and the pool's name. Every field is nullable.
 */
public record Attribution(String source, String medium, String campaign, String keyword, String landingPage,
                          String visitorId, String pool) {

    /** A static number's config tracking. */
    public static Attribution ofStatic(String source, String medium, String campaign) {
        return new Attribution(source, medium, campaign, null, null, null, null);
    }

    /** A pool number nobody holds a lease on: only the pool is known. */
    public static Attribution ofPool(String pool) {
        return new Attribution(null, null, null, null, null, null, pool);
    }

    public Attribution withPool(String pool) {
        return new Attribution(source, medium, campaign, keyword, landingPage, visitorId, pool);
    }
}
