package dozvon.app;

import dozvon.app.config.DozvonConfig;
import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackRules;
import dozvon.core.callback.CallbackSchedule;
import dozvon.core.chain.GroupRoute;
import dozvon.core.hours.WorkingHours;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.Notifier;
import dozvon.edge.http.CallbacksRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds callback tasks' parts from config: the schedule, the book that keeps tasks, and their API. */
final class CallbackWiring {

    private static final Logger log = LoggerFactory.getLogger(CallbackWiring.class);

    private CallbackWiring() {}

    static CallbackSchedule schedule(DozvonConfig config) {
        DozvonConfig.Callbacks c = config.callbacks();
        return new CallbackSchedule(new CallbackSchedule.Settings(
                c.retryAfterMinutes().stream().map(m -> Duration.ofMinutes(m)).toList(), c.maxAttempts(),
                Duration.ofMinutes(c.spreadMinutes()), Duration.ofSeconds(c.agentRetrySeconds())));
    }

    static Map<String, WorkingHours> hours(DozvonConfig config) {
        Map<String, WorkingHours> out = new HashMap<>();
        for (GroupRoute r : RoutingConfig.routes(config)) {
            out.put(r.groupId(), r.hours());
        }
        return out;
    }

    static CallbackBook book(DozvonConfig config, CallbackTasks tasks, Notifier notifier, Clock clock) {
        Map<String, WorkingHours> hours = hours(config);
        return new CallbackBook(tasks, new CallbackRules(Duration.ofSeconds(config.telephony().shortAbandonSeconds())),
                schedule(config), g -> hours.getOrDefault(g, WorkingHours.ALWAYS), notifier, clock,
                () -> UUID.randomUUID().toString(),
                err -> log.warn("event=callback_task_failed error=\"{}\"", err.toString()));
    }

    static CallbacksRoutes routes(DozvonConfig config, CallbackBook book, CallbackTasks tasks) {
        Map<String, String> groupOfAgent = new LinkedHashMap<>();
        config.agents().forEach(a -> groupOfAgent.put(a.id(), a.group()));
        Set<String> groups = new LinkedHashSet<>();
        config.groups().forEach(g -> groups.add(g.id()));
        return new CallbacksRoutes(book, tasks, groupOfAgent, groups);
    }
}
