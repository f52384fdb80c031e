package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.core.chain.ChainStep;
import dozvon.core.chain.GroupRoute;
import dozvon.core.chain.StepTarget;
import dozvon.core.hours.WorkingHours;
import dozvon.core.tracking.Blacklist;
import dozvon.core.tracking.NumberPlan;
import dozvon.core.tracking.NumberPool;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/** Turns the config's groups, numbers and blacklist into the core's routing data (already validated). */
final class RoutingConfig {

    private RoutingConfig() {}

    static List<GroupRoute> routes(DozvonConfig config) {
        Duration ring = Duration.ofSeconds(config.telephony().ringSeconds());
        List<GroupRoute> out = new ArrayList<>();
        for (DozvonConfig.Group g : config.groups()) {
            // findFirst before map: a head without a mobile is allowed (a chain may not ring it)
            String headMobile = config.agents().stream().filter(a -> a.id().equals(g.head()))
                    .findFirst().map(DozvonConfig.Agent::mobile).orElse(null);
            List<ChainStep> chain = g.chain() == null ? ChainStep.defaultChain(ring) : steps(g.chain(), ring);
            List<ChainStep> offHours = g.offHours() == null ? List.of() : steps(g.offHours(), ring);
            WorkingHours hours = g.hours() == null ? WorkingHours.ALWAYS
                    : WorkingHours.parse(g.hours().timezone(), g.hours().weekly(), g.hours().holidays());
            out.add(new GroupRoute(g.id(), chain, offHours, hours, headMobile));
        }
        return out;
    }

    private static List<ChainStep> steps(List<DozvonConfig.Step> steps, Duration ring) {
        return steps.stream().map(s -> s.rings() != null
                        ? ChainStep.ofRings(StepTarget.parse(s.target()), s.rings(), ring)
                        : ChainStep.ofSeconds(StepTarget.parse(s.target()), s.seconds()))
                .toList();
    }

    /** Each group's zone for reports: the zone of its hours, UTC for a group without hours. */
    static Map<String, ZoneId> groupZones(DozvonConfig config) {
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        routes(config).forEach(r -> zones.put(r.groupId(), r.hours().zone()));
        return zones;
    }

    static NumberPlan numbers(DozvonConfig config) {
        List<NumberPlan.Entry> entries = new ArrayList<>();
        for (DozvonConfig.NumberEntry n : config.numbers()) {
            NumberPlan.Tracking tracking = n.tracking() == null ? null
                    : new NumberPlan.Tracking(n.tracking().source(), n.tracking().medium(), n.tracking().campaign());
            if (n.number() != null) {
                entries.add(new NumberPlan.Entry(n.number(), n.group(), tracking));
            }
            if (n.numbers() != null) {
                n.numbers().forEach(num -> entries.add(new NumberPlan.Entry(num, n.group(), null, n.pool())));
            }
        }
        return new NumberPlan(entries);
    }

    /** Lease length when a pool does not say: long enough for a visit, short enough to reuse numbers. */
    static final int DEFAULT_LEASE_MINUTES = 30;

    static List<NumberPool> pools(DozvonConfig config) {
        List<NumberPool> out = new ArrayList<>();
        for (DozvonConfig.NumberEntry n : config.numbers()) {
            if (n.pool() != null) {
                int minutes = n.leaseMinutes() == null ? DEFAULT_LEASE_MINUTES : n.leaseMinutes();
                out.add(new NumberPool(n.pool(), n.numbers(), n.group(), Duration.ofMinutes(minutes),
                        n.fallback() != null ? n.fallback() : config.tracking().defaultNumber()));
            }
        }
        return out;
    }

    static Blacklist blacklist(DozvonConfig config) {
        return new Blacklist(config.blacklist());
    }
}
