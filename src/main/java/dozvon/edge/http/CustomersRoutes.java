package dozvon.edge.http;

import dozvon.core.customer.Customer;
import dozvon.core.customer.CustomerChange;
import dozvon.core.customer.Phones;
import dozvon.core.customer.PastCall;
import dozvon.core.port.CallerCards;
import dozvon.core.port.Customers;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Customers by phone: {@code GET /api/customers/{phone}} (with their last calls) and {@code PUT /api/customers/{phone}} (creates or edits
 * name, company, note and personal manager; fields left out keep their value, null clears one). A manager set
 * here is hand-set, and the automatic "first agent who talked to them" never replaces it. The admin token or an
 * agent's console token.
 */
public final class CustomersRoutes implements HttpRoutes {

    static final int MAX_NAME = 200;
    static final int MAX_NOTE = 4000;
    private static final Set<String> FIELDS = Set.of("name", "company", "note", "personalManager");

    /** How many of a customer's calls {@code GET} lists. */
    static final int HISTORY = 20;

    private final Customers customers;
    private final CallerCards cards;
    private final Set<String> agentIds;
    private final Predicate<String> agentToken;
    private final Clock clock;

    /**
     * @param agentIds   the configured agents: a personal manager must be one of them
     * @param agentToken whether a bearer token is a valid agent console token: agents edit the card of the
     *                   caller they talk to from the console, without the admin token
     */
    public CustomersRoutes(Customers customers, CallerCards cards, Set<String> agentIds, Predicate<String> agentToken,
                           Clock clock) {
        this.customers = customers;
        this.cards = cards;
        this.agentIds = Set.copyOf(agentIds);
        this.agentToken = agentToken;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        Handler<RoutingContext> auth = ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    && agentToken.test(header.substring(7).trim())) {
                ctx.next();
            } else {
                adminAuth.handle(ctx);
            }
        };
        router.get("/api/customers/:phone").handler(auth).handler(this::get);
        router.put("/api/customers/:phone").handler(auth).handler(this::put);
    }

    private void get(RoutingContext ctx) {
        String phone = phone(ctx);
        PortCalls.then(ctx, "customers", () -> cards.card(phone, HISTORY), card -> {
            if (card.customer() == null && card.history().isEmpty()) {
                HttpErrors.send(ctx, 404, "no customer " + phone, "phone");
                return;
            }
            // A caller nobody has described yet is still known by their calls.
            Customer c = card.customer() != null ? card.customer()
                    : new Customer(phone, null, null, null, null, null, null, null);
            JsonArray history = new JsonArray();
            for (PastCall p : card.history()) {
                history.add(new JsonObject().put("callId", p.callId())
                        .put("arrivedAt", p.arrivedAt() == null ? null : p.arrivedAt().toString())
                        .put("outcome", p.outcome()).put("answeredBy", p.answeredBy())
                        .put("talkSeconds", p.talkSeconds()).put("dialed", p.dialed()));
            }
            HttpApi.json(ctx, 200, json(c).put("history", history).encode());
        });
    }

    private void put(RoutingContext ctx) {
        CustomerChange change = change(phone(ctx), ctx.body().asString());
        Instant at = clock.instant();
        PortCalls.then(ctx, "customers", () -> customers.save(change, at),
                saved -> HttpApi.json(ctx, 200, json(saved).encode()));
    }

    CustomerChange change(String phone, String body) {
        JsonObject json = JsonBodies.object(body, FIELDS);
        Optional<String> manager = JsonBodies.optionalText(json, "personalManager", Inputs.MAX_ID_LENGTH);
        if (manager != null && manager.isPresent() && !agentIds.contains(manager.get())) {
            throw new InvalidInput("personalManager", "no agent '" + manager.get() + "'");
        }
        return new CustomerChange(phone, JsonBodies.optionalText(json, "name", MAX_NAME),
                JsonBodies.optionalText(json, "company", MAX_NAME), JsonBodies.optionalText(json, "note", MAX_NOTE),
                manager);
    }

    private static String phone(RoutingContext ctx) {
        String raw = Inputs.pathId(ctx, "phone");
        return Phones.canonical(raw).orElseThrow(() -> new InvalidInput("phone",
                "phone must be a number such as +79001234567 (digits, optionally with a leading +)"));
    }

    static JsonObject json(Customer c) {
        return new JsonObject()
                .put("phone", c.phone())
                .put("name", c.name())
                .put("company", c.company())
                .put("note", c.note())
                .put("personalManager", c.personalManagerId())
                .put("personalManagerSetBy", c.managerSource() == null ? null : c.managerSource().wire())
                .put("createdAt", c.createdAt() == null ? null : c.createdAt().toString())
                .put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
    }
}
