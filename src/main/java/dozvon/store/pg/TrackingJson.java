package dozvon.store.pg;

import dozvon.core.tracking.Attribution;
import io.vertx.core.json.JsonObject;

/**
 * {@code calls.tracking} as stored: every key present (null when unknown), so reports read one shape:
 * {@code source, medium, campaign, keyword, landingPage, visitorId, pool}.
 */
public final class TrackingJson {

    private TrackingJson() {}

    /** Null (SQL NULL) for an untracked call. */
    public static JsonObject of(Attribution a) {
        if (a == null) {
            return null;
        }
        return new JsonObject()
                .put("source", a.source())
                .put("medium", a.medium())
                .put("campaign", a.campaign())
                .put("keyword", a.keyword())
                .put("landingPage", a.landingPage())
                .put("visitorId", a.visitorId())
                .put("pool", a.pool());
    }
}
