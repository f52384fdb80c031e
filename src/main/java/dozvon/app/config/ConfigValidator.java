package dozvon.app.config;

import dozvon.core.chain.StepTarget;
import dozvon.core.hours.WorkingHours;
import dozvon.edge.sip.trunk.Cidr;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a shape cannot express: references between sections, formats of URIs, numbers and address
 * blocks, chain targets and opening hours. Each problem is one line starting with its key path.
 */
final class ConfigValidator {

    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SIP_URI = Pattern.compile(
            "sips?:([^@\\s;]+@)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:\\d{1,5})?(;[^\\s]*)?");
    /** The host of a SIP URI we send to: an IP literal, since names are never resolved on an event loop. */
    private static final Pattern SIP_URI_IP_HOST = Pattern.compile(
            "sips?:([^@\\s;]+@)?(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?(;[^\\s]*)?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,]+@[^@\\s<>,]+\\.[^@\\s<>,]+");
    private static final Pattern BLACKLIST_ENTRY = Pattern.compile("\\+?[0-9]{1,15}\\*?");
    private static final Set<String> WEBHOOK_EVENTS =
            Set.of("call.missed", "call.answered", "callback.created", "callback.closed");

    private final List<String> problems = new ArrayList<>();

    private ConfigValidator() {}

    static List<String> validate(DozvonConfig c) {
        ConfigValidator v = new ConfigValidator();
        v.http(c.http());
        v.sip(c.sip());
        v.ari(c.ari());
        v.stores(c);
        v.telephony(c.telephony());
        v.callbacks(c.callbacks());
        v.notifications(c.notifications());
        if (c.shutdown().drainSeconds() < 0) {
            v.problem("shutdown.drainSeconds", "must be 0 or more");
        }
        Map<String, DozvonConfig.Agent> agents = v.agents(c);
        Set<String> groups = v.groups(c, agents);
        v.agentGroups(c, groups);
        v.numbers(c, groups);
        v.blacklist(c.blacklist());
        v.customersAndTracking(c);
        return v.problems;
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    private void port(String path, int port) {
        if (port < 0 || port > 65535) {
            problem(path, "must be a port number 0..65535 (0 picks a free one)");
        }
    }

    private void http(DozvonConfig.Http h) {
        port("http.port", h.port());
        if (h.adminToken() == null || h.adminToken().length() < 8) {
            problem("http.adminToken", "must be at least 8 characters");
        }
        if (h.maxBodyBytes() < 1024) {
            problem("http.maxBodyBytes", "must be at least 1024");
        }
        if (h.host() == null || h.host().isBlank()) {
            problem("http.host", "missing");
        }
    }

    private void sip(DozvonConfig.Sip s) {
        port("sip.port", s.port());
        if (s.host() == null || s.host().isBlank()) {
            problem("sip.host", "missing");
        }
        if (s.domain() == null || !s.domain().matches("[A-Za-z0-9.-]+")) {
            problem("sip.domain", "must be a domain name such as dozvon.local");
        }
        if (s.rateLimit().perSecond() <= 0) {
            problem("sip.rateLimit.perSecond", "must be more than 0");
        }
        if (s.rateLimit().burst() < 1) {
            problem("sip.rateLimit.burst", "must be at least 1");
        }
        List<String> algorithms = s.digestAlgorithms() == null ? List.of() : s.digestAlgorithms();
        if (algorithms.isEmpty()) {
            problem("sip.digestAlgorithms", "list at least one of MD5, SHA-256");
        }
        for (int i = 0; i < algorithms.size(); i++) {
            if (dozvon.edge.sip.auth.DigestAlgorithm.fromConfig(algorithms.get(i)).isEmpty()) {
                problem("sip.digestAlgorithms[" + i + "]", "'" + algorithms.get(i) + "' is not MD5 or SHA-256");
            }
        }
        if (s.maxLoopLagMillis() < 1) {
            problem("sip.maxLoopLagMillis", "must be at least 1");
        }
        if (s.qualify().everySeconds() < 0) {
            problem("sip.qualify.everySeconds", "must be 0 (off) or more");
        }
        if (s.qualify().timeoutMillis() < 1) {
            problem("sip.qualify.timeoutMillis", "must be at least 1");
        }
        if (s.qualify().everySeconds() > 0 && s.qualify().timeoutMillis() > s.qualify().everySeconds() * 1000L) {
            problem("sip.qualify.timeoutMillis", "must not be longer than sip.qualify.everySeconds");
        }
        if (s.claimTimeoutMillis() < 1) {
            problem("sip.claimTimeoutMillis", "must be at least 1");
        }
        if (s.maxPendingClaims() < 1) {
            problem("sip.maxPendingClaims", "must be at least 1");
        }
        if (s.maxActiveCalls() < 1) {
            problem("sip.maxActiveCalls", "must be at least 1");
        }
        if (s.tcpIdleSeconds() < 10) {
            problem("sip.tcpIdleSeconds", "must be at least 10");
        }
        Set<String> names = new HashSet<>();
        List<DozvonConfig.Trunk> trunks = s.trunks() == null ? List.of() : s.trunks();
        for (int i = 0; i < trunks.size(); i++) {
            DozvonConfig.Trunk t = trunks.get(i);
            String p = "sip.trunks[" + i + "]";
            if (t == null) {
                problem(p, "empty entry");
                continue;
            }
            if (t.name() == null || t.name().isBlank()) {
                problem(p + ".name", "missing");
            } else if (!names.add(t.name())) {
                problem(p + ".name", "duplicate trunk '" + t.name() + "'");
            }
            if (t.allow() == null || t.allow().isEmpty()) {
                problem(p + ".allow", "missing: list the addresses allowed to send calls in, e.g. [\"10.0.0.5/32\"]");
            } else {
                for (int j = 0; j < t.allow().size(); j++) {
                    try {
                        Cidr.parse(t.allow().get(j));
                    } catch (IllegalArgumentException e) {
                        problem(p + ".allow[" + j + "]", e.getMessage());
                    }
                }
            }
            if (t.outbound() != null && !SIP_URI.matcher(t.outbound()).matches()) {
                problem(p + ".outbound", "'" + t.outbound() + "' is not a SIP URI such as sip:10.0.0.5:5060");
            } else if (t.outbound() != null && !SIP_URI_IP_HOST.matcher(t.outbound()).matches()) {
                problem(p + ".outbound", "'" + t.outbound() + "' must name an IP address (dozvon does not resolve host names)");
            }
            if ((t.username() == null) != (t.password() == null)) {
                problem(p + (t.username() == null ? ".username" : ".password"),
                        "digest credentials need both username and password");
            }
        }
    }

    private void ari(DozvonConfig.Ari a) {
        httpUrl("ari.url", a.url(), List.of("http", "https"));
        if (a.enabled() && (a.app() == null || a.app().isBlank())) {
            problem("ari.app", "missing");
        }
    }

    private void stores(DozvonConfig c) {
        String pg = c.postgres().url();
        if (pg == null || pg.isBlank()) {
            problem("postgres.url", "missing (use 'embedded' or postgresql://user:password@host:5432/db)");
        } else if (!pg.equals("embedded")) {
            httpUrl("postgres.url", pg, List.of("postgresql", "postgres"));
        }
        if (c.postgres().poolSize() < 1 || c.postgres().poolSize() > 200) {
            problem("postgres.poolSize", "must be 1..200");
        }
        String redis = c.redis().url();
        if (redis == null || redis.isBlank()) {
            problem("redis.url", "missing (use 'embedded' or redis://host:6379)");
        } else if (!redis.equals("embedded")) {
            httpUrl("redis.url", redis, List.of("redis", "rediss"));
        }
        if (c.redis().keyPrefix() == null) {
            problem("redis.keyPrefix", "missing");
        }
        if (c.redis().commandTimeoutMillis() < 100) {
            problem("redis.commandTimeoutMillis", "must be at least 100");
        }
        if (c.data().dir() == null || c.data().dir().isBlank()) {
            problem("data.dir", "missing");
        }
    }

    private void httpUrl(String path, String value, List<String> schemes) {
        if (value == null) {
            problem(path, "missing");
            return;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase())) {
                problem(path, "'" + redact(value) + "' must start with " + String.join(":// or ", schemes) + "://");
            } else if (uri.getHost() == null) {
                problem(path, "'" + redact(value) + "' has no host");
            }
        } catch (URISyntaxException e) {
            problem(path, "'" + redact(value) + "' is not a valid URL");
        }
    }

    /** URLs may hold passwords; config errors go to logs and terminals. */
    private static String redact(String url) {
        return url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    private void telephony(DozvonConfig.Telephony t) {
        positive("telephony.ringSeconds", t.ringSeconds());
        if (t.wrapUpSeconds() < 0) {
            problem("telephony.wrapUpSeconds", "must be 0 or more");
        }
        if (t.shortAbandonSeconds() < 0) {
            problem("telephony.shortAbandonSeconds", "must be 0 or more");
        }
        positive("telephony.targetCallSeconds", t.targetCallSeconds());
    }

    private void positive(String path, int value) {
        if (value <= 0) {
            problem(path, "must be more than 0");
        }
    }

    private void callbacks(DozvonConfig.Callbacks c) {
        List<Integer> ladder = c.retryAfterMinutes();
        if (ladder == null || ladder.isEmpty()) {
            problem("callbacks.retryAfterMinutes", "must list at least one delay, e.g. [0, 60]");
        } else {
            for (int i = 0; i < ladder.size(); i++) {
                if (ladder.get(i) == null || ladder.get(i) < 0) {
                    problem("callbacks.retryAfterMinutes[" + i + "]", "must be 0 or more minutes");
                }
            }
        }
        positive("callbacks.maxAttempts", c.maxAttempts());
        positive("callbacks.ringSeconds", c.ringSeconds());
        positive("callbacks.pollSeconds", c.pollSeconds());
        positive("callbacks.agentRetrySeconds", c.agentRetrySeconds());
        if (c.spreadMinutes() < 0) {
            problem("callbacks.spreadMinutes", "must be 0 or more minutes");
        }
    }

    private void notifications(DozvonConfig.Notifications n) {
        if (n.email() != null && n.email().digest() && n.email().smtp() == null) {
            problem("notifications.email.digest", "has no effect without notifications.email.smtp");
        }
        if (n.email() != null && n.email().smtp() != null) {
            httpUrl("notifications.email.smtp", n.email().smtp(), List.of("smtp", "smtps"));
            if (n.email().from() == null || !EMAIL.matcher(n.email().from()).matches()) {
                problem("notifications.email.from", "an address is needed when smtp is set");
            }
        }
        List<DozvonConfig.Webhook> hooks = n.webhooks() == null ? List.of() : n.webhooks();
        Set<String> urls = new HashSet<>();
        DozvonConfig.Retry r = n.retry();
        positive("notifications.retry.firstSeconds", r.firstSeconds());
        if (r.maxSeconds() < r.firstSeconds()) {
            problem("notifications.retry.maxSeconds", "must be at least firstSeconds (" + r.firstSeconds() + ")");
        }
        positive("notifications.retry.maxAttempts", r.maxAttempts());
        if (n.keepDays() < 1) {
            problem("notifications.keepDays", "must be at least 1 (a replayed event older than this is sent again)");
        }
        if (n.timeoutSeconds() < 1 || n.timeoutSeconds() > 300) {
            problem("notifications.timeoutSeconds", "must be 1..300");
        }
        for (int i = 0; i < hooks.size(); i++) {
            String p = "notifications.webhooks[" + i + "]";
            DozvonConfig.Webhook w = hooks.get(i);
            if (w == null) {
                problem(p, "empty entry");
                continue;
            }
            httpUrl(p + ".url", w.url(), List.of("http", "https"));
            if (w.url() != null && !urls.add(w.url())) {
                problem(p + ".url", "the same URL twice: list its events in one entry");
            }
            if (w.secret() == null || w.secret().length() < 16) {
                problem(p + ".secret", "must be at least 16 characters (it signs every request: HMAC-SHA256)");
            }
            List<String> events = w.events() == null ? List.of() : w.events();
            for (int j = 0; j < events.size(); j++) {
                if (!WEBHOOK_EVENTS.contains(events.get(j))) {
                    problem(p + ".events[" + j + "]", "'" + events.get(j) + "' is not one of " + WEBHOOK_EVENTS);
                }
            }
        }
    }

    private Map<String, DozvonConfig.Agent> agents(DozvonConfig c) {
        Map<String, DozvonConfig.Agent> byId = new HashMap<>();
        List<DozvonConfig.Agent> list = c.agents() == null ? List.of() : c.agents();
        for (int i = 0; i < list.size(); i++) {
            DozvonConfig.Agent a = list.get(i);
            String p = "agents[" + i + "]";
            if (a == null) {
                problem(p, "empty entry");
                continue;
            }
            if (a.id() == null || !ID.matcher(a.id()).matches()) {
                problem(p + ".id", "must be letters, digits, '.', '_' or '-' (it becomes sip:<id>@domain)");
            } else if (byId.put(a.id(), a) != null) {
                problem(p + ".id", "duplicate agent '" + a.id() + "'");
            }
            if (a.contact() != null && !SIP_URI.matcher(a.contact()).matches()) {
                problem(p + ".contact", "'" + a.contact() + "' is not a SIP URI such as sip:anna@10.0.0.7:5060");
            } else if (a.contact() != null && !SIP_URI_IP_HOST.matcher(a.contact()).matches()) {
                problem(p + ".contact", "'" + a.contact() + "' must name an IP address (dozvon does not resolve host names)");
            }
            if (a.mobile() != null && !E164.matcher(a.mobile()).matches()) {
                problem(p + ".mobile", "'" + a.mobile() + "' is not an E.164 number such as +79160000001");
            }
            if (a.group() == null || a.group().isBlank()) {
                problem(p + ".group", "missing");
            }
            if (a.email() != null && !EMAIL.matcher(a.email()).matches()) {
                problem(p + ".email", "'" + a.email() + "' is not an e-mail address such as anna@example.com");
            }
        }
        return byId;
    }

    private Set<String> groups(DozvonConfig c, Map<String, DozvonConfig.Agent> agents) {
        Set<String> ids = new HashSet<>();
        List<DozvonConfig.Group> list = c.groups() == null ? List.of() : c.groups();
        for (int i = 0; i < list.size(); i++) {
            DozvonConfig.Group g = list.get(i);
            String p = "groups[" + i + "]";
            if (g == null) {
                problem(p, "empty entry");
                continue;
            }
            if (g.id() == null || !ID.matcher(g.id()).matches()) {
                problem(p + ".id", "must be letters, digits, '.', '_' or '-'");
            } else if (!ids.add(g.id())) {
                problem(p + ".id", "duplicate group '" + g.id() + "'");
            }
            DozvonConfig.Agent head = null;
            if (g.head() != null) {
                head = agents.get(g.head());
                if (head == null) {
                    problem(p + ".head", "no agent '" + g.head() + "'");
                }
            }
            if (g.hours() != null) {
                try {
                    WorkingHours.parse(g.hours().timezone(), g.hours().weekly(), g.hours().holidays());
                } catch (WorkingHours.InvalidHoursException e) {
                    e.problems().forEach(m -> problems.add(p + ".hours." + m));
                }
            }
            chain(p + ".chain", g.chain(), g, head, agents);
            chain(p + ".offHours", g.offHours(), g, head, agents);
            if (g.offHours() != null && g.hours() == null) {
                problem(p + ".offHours", "has no effect without hours");
            }
        }
        return ids;
    }

    private void chain(String path, List<DozvonConfig.Step> steps, DozvonConfig.Group g, DozvonConfig.Agent head,
                       Map<String, DozvonConfig.Agent> agents) {
        if (steps == null) {
            if (path.endsWith(".chain")) { // the default chain ends with the head's mobile
                requireHeadMobile(path.replace(".chain", ".head"), g, head, "the default chain");
            }
            return;
        }
        if (steps.isEmpty()) {
            problem(path, "empty chain: list at least one step, or leave the key out for the default");
        }
        for (int i = 0; i < steps.size(); i++) {
            DozvonConfig.Step s = steps.get(i);
            String p = path + "[" + i + "]";
            if (s == null) {
                problem(p, "empty entry");
                continue;
            }
            StepTarget target = null;
            try {
                target = StepTarget.parse(s.target());
            } catch (IllegalArgumentException e) {
                problem(p + ".target", e.getMessage());
            }
            if ((s.rings() == null) == (s.seconds() == null)) {
                problem(p, "give either rings or seconds");
            } else if (s.rings() != null && s.rings() <= 0) {
                problem(p + ".rings", "must be more than 0");
            } else if (s.seconds() != null && (s.seconds() <= 0 || s.seconds() > 3600)) {
                problem(p + ".seconds", "must be 1..3600");
            }
            if (target instanceof StepTarget.Agent a && !agents.containsKey(a.agentId())) {
                problem(p + ".target", "no agent '" + a.agentId() + "'");
            }
            if (target instanceof StepTarget.HeadMobile) {
                requireHeadMobile(p + ".target", g, head, "head-mobile");
            }
        }
    }

    private void requireHeadMobile(String path, DozvonConfig.Group g, DozvonConfig.Agent head, String what) {
        if (g.head() == null) {
            problem(path, what + " rings the head's mobile, but the group has no head");
        } else if (head != null && head.mobile() == null) {
            problem(path, what + " rings the head's mobile, but agent '" + head.id() + "' has no mobile");
        }
    }

    private void agentGroups(DozvonConfig c, Set<String> groups) {
        List<DozvonConfig.Agent> list = c.agents() == null ? List.of() : c.agents();
        for (int i = 0; i < list.size(); i++) {
            DozvonConfig.Agent a = list.get(i);
            if (a != null && a.group() != null && !a.group().isBlank() && !groups.contains(a.group())) {
                problem("agents[" + i + "].group", "no group '" + a.group() + "'");
            }
        }
    }

    private void numbers(DozvonConfig c, Set<String> groups) {
        Set<String> seen = new HashSet<>();
        List<DozvonConfig.NumberEntry> list = c.numbers() == null ? List.of() : c.numbers();
        for (int i = 0; i < list.size(); i++) {
            DozvonConfig.NumberEntry n = list.get(i);
            String p = "numbers[" + i + "]";
            if (n == null) {
                problem(p, "empty entry");
                continue;
            }
            if ((n.number() == null) == (n.pool() == null)) {
                problem(p, "give either number or pool");
            }
            if (n.number() != null) {
                e164(p + ".number", n.number(), seen);
                if (n.fallback() != null) {
                    problem(p + ".fallback", "only a pool has a fallback number");
                }
                if (n.numbers() != null) {
                    problem(p + ".numbers", "only a pool has numbers");
                }
            }
            if (n.pool() != null) {
                if (n.numbers() == null || n.numbers().isEmpty()) {
                    problem(p + ".numbers", "a pool needs at least one number");
                } else {
                    for (int j = 0; j < n.numbers().size(); j++) {
                        e164(p + ".numbers[" + j + "]", n.numbers().get(j), seen);
                    }
                }
                if (n.leaseMinutes() != null && n.leaseMinutes() <= 0) {
                    problem(p + ".leaseMinutes", "must be more than 0");
                }
                if (n.fallback() != null && (!E164.matcher(n.fallback()).matches())) {
                    problem(p + ".fallback", "'" + n.fallback() + "' is not an E.164 number such as +74950000000");
                }
            }
            if (n.group() == null) {
                problem(p + ".group", "missing");
            } else if (!groups.contains(n.group())) {
                problem(p + ".group", "no group '" + n.group() + "'");
            }
        }
    }

    private void e164(String path, String number, Set<String> seen) {
        if (number == null || !E164.matcher(number).matches()) {
            problem(path, "'" + number + "' is not an E.164 number such as +74950000000");
        } else if (!seen.add(number)) {
            problem(path, "number " + number + " is configured twice");
        }
    }

    private void blacklist(List<String> entries) {
        List<String> list = entries == null ? List.of() : entries;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null || !BLACKLIST_ENTRY.matcher(list.get(i)).matches()) {
                problem("blacklist[" + i + "]", "'" + list.get(i) + "' is not a number or prefix (+7999* )");
            }
        }
    }

    private void customersAndTracking(DozvonConfig c) {
        if (c.customers().lookupTimeoutMillis() < 1 || c.customers().lookupTimeoutMillis() > 2000) {
            problem("customers.lookupTimeoutMillis", "must be 1..2000 (the first ring waits this long at most)");
        }
        if (c.customers().historySize() < 0 || c.customers().historySize() > 50) {
            problem("customers.historySize", "must be 0..50");
        }
        DozvonConfig.WebTracking t = c.tracking();
        List<String> origins = t.allowedOrigins() == null ? List.of() : t.allowedOrigins();
        for (int i = 0; i < origins.size(); i++) {
            String o = origins.get(i);
            if (o == null || !(o.equals("*") || o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?"))) {
                problem("tracking.allowedOrigins[" + i + "]", "'" + o
                        + "' is not an origin such as https://shop.example or http://localhost:8000");
            }
        }
        if (t.defaultNumber() != null && !E164.matcher(t.defaultNumber()).matches()) {
            problem("tracking.defaultNumber", "'" + t.defaultNumber() + "' is not an E.164 number such as +74950000000");
        }
        // A fallback shown on a website must itself route, or callers who dial it get 404.
        Set<String> statics = new HashSet<>();
        List<DozvonConfig.NumberEntry> numbers = c.numbers() == null ? List.of() : c.numbers();
        numbers.stream().filter(n -> n != null && n.number() != null).forEach(n -> statics.add(n.number()));
        if (t.defaultNumber() != null && !statics.contains(t.defaultNumber())) {
            problem("tracking.defaultNumber", t.defaultNumber() + " is not one of numbers[].number, so calls to it would get 404");
        }
        Set<String> pools = new HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            DozvonConfig.NumberEntry n = numbers.get(i);
            if (n != null && n.pool() != null) {
                // the name is part of Redis keys and of the snippet's data-pool attribute
                if (!n.pool().matches("[A-Za-z0-9_-]{1,64}")) {
                    problem("numbers[" + i + "].pool", "'" + n.pool() + "' must be 1..64 letters, digits, '_' or '-'");
                } else if (!pools.add(n.pool())) {
                    problem("numbers[" + i + "].pool", "pool '" + n.pool() + "' is configured twice");
                }
            }
            if (n != null && n.pool() != null && n.fallback() != null && !statics.contains(n.fallback())) {
                problem("numbers[" + i + "].fallback", n.fallback()
                        + " is not one of numbers[].number, so calls to it would get 404");
            }
        }
        if (t.requestsPerMinute() < 1) {
            problem("tracking.requestsPerMinute", "must be 1 or more");
        }
        if (t.maxBodyBytes() < 256 || t.maxBodyBytes() > 65536) {
            problem("tracking.maxBodyBytes", "must be 256..65536");
        }
        if (t.phoneSelector() == null || t.phoneSelector().isBlank() || t.phoneSelector().length() > 200
                || t.phoneSelector().contains("</")) {
            problem("tracking.phoneSelector", "must be a CSS selector such as [data-dozvon-phone] or .phone");
        }
    }
}
