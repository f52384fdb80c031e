package dozvon.edge.ws;

import dozvon.core.customer.CallerCard;
import dozvon.core.customer.Customer;
import dozvon.core.customer.PastCall;
import dozvon.core.tracking.Attribution;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The screen pop's customer card, history and tracking as {@code call.offer} carries them. */
final class CardJson {

    private CardJson() {}

    /** Null when the caller is not a known customer. */
    static JsonObject customer(CallerCard card) {
        Customer c = card == null ? null : card.customer();
        if (c == null) {
            return null;
        }
        return new JsonObject().put("phone", c.phone()).put("name", c.name()).put("company", c.company())
                .put("note", c.note()).put("personalManager", c.personalManagerId());
    }

    static JsonArray history(CallerCard card) {
        JsonArray out = new JsonArray();
        if (card == null) {
            return out;
        }
        for (PastCall p : card.history()) {
            out.add(new JsonObject().put("callId", p.callId()).put("arrivedAt", iso(p.arrivedAt()))
                    .put("outcome", p.outcome()).put("answeredBy", p.answeredBy())
                    .put("talkSeconds", p.talkSeconds()).put("dialed", p.dialed()));
        }
        return out;
    }

    static JsonObject tracking(Attribution a) {
        if (a == null) {
            return null;
        }
        return new JsonObject().put("source", a.source()).put("medium", a.medium()).put("campaign", a.campaign())
                .put("keyword", a.keyword()).put("landingPage", a.landingPage()).put("visitorId", a.visitorId())
                .put("pool", a.pool());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
