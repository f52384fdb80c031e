package dozvon.edge.http;

import dozvon.core.port.CallbackTasks;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bodies of {@code POST /api/callbacks} and {@code PATCH /api/callbacks/{id}}, checked field by field so every
 * refusal names the field (inside a list, with its index: {@code [2].phone}).
 */
final class CallbackRequests {

    static final int MAX_BATCH = 100;
    static final int MAX_TEXT = 500;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Set<String> SCHEDULE_FIELDS = Set.of("phone", "dueAt", "agent", "reason", "group");
    private static final Set<String> PATCH_FIELDS = Set.of("agent", "dueAt", "status", "note");

    /** One follow-up to schedule; {@code group} is resolved against the agent and config by the caller. */
    record Scheduled(String phone, Instant dueAt, String agent, String reason, String group, String prefix) {}

    private CallbackRequests() {}

    /** One object or a list of them (at most {@link #MAX_BATCH}). */
    static List<Scheduled> schedule(String body, Map<String, String> groupOfAgent, Set<String> groups) {
        Object value = decode(body);
        List<Scheduled> out = new ArrayList<>();
        if (value instanceof JsonObject one) {
            out.add(scheduled(one, "", groupOfAgent, groups));
        } else if (value instanceof JsonArray many) {
            if (many.isEmpty()) {
                throw new InvalidInput("body", "the list is empty; send at least one {phone, dueAt, reason}");
            }
            if (many.size() > MAX_BATCH) {
                throw new InvalidInput("body", "at most " + MAX_BATCH + " tasks per request");
            }
            for (int i = 0; i < many.size(); i++) {
                String prefix = "[" + i + "].";
                if (!(many.getValue(i) instanceof JsonObject o)) {
                    throw new InvalidInput("[" + i + "]", "each item must be an object {phone, dueAt, reason}");
                }
                out.add(scheduled(o, prefix, groupOfAgent, groups));
            }
        } else {
            throw new InvalidInput("body", "the body must be an object {phone, dueAt, agent?, reason} or a list of them");
        }
        return out;
    }

    private static Scheduled scheduled(JsonObject o, String prefix, Map<String, String> groupOfAgent,
                                       Set<String> groups) {
        unknownFields(o, SCHEDULE_FIELDS, prefix);
        String phone = string(o, "phone", prefix, true);
        if (!E164.matcher(phone).matches()) {
            throw new InvalidInput(prefix + "phone", prefix + "phone must be an E.164 number such as +79161234567");
        }
        Instant dueAt = instant(string(o, "dueAt", prefix, true), prefix + "dueAt");
        String agent = string(o, "agent", prefix, false);
        if (agent != null && !groupOfAgent.containsKey(agent)) {
            throw new InvalidInput(prefix + "agent", "no agent '" + agent + "'");
        }
        String reason = string(o, "reason", prefix, true);
        String group = string(o, "group", prefix, false);
        if (group != null && !groups.contains(group)) {
            throw new InvalidInput(prefix + "group", "no group '" + group + "'");
        }
        if (group == null) {
            group = agent != null ? groupOfAgent.get(agent) : groups.size() == 1 ? groups.iterator().next() : null;
            if (group == null) {
                throw new InvalidInput(prefix + "group", "group is needed when no agent is given (groups: " + groups + ")");
            }
        } else if (agent != null && !group.equals(groupOfAgent.get(agent))) {
            throw new InvalidInput(prefix + "agent", "agent '" + agent + "' is not in group '" + group + "'");
        }
        return new Scheduled(phone, dueAt, agent, reason, group, prefix);
    }

    /** {@code {agent?, dueAt?, status?: "closed", note?}}; {@code "agent": null} unassigns. */
    static CallbackTasks.Patch patch(String body, Map<String, String> groupOfAgent) {
        if (!(decode(body) instanceof JsonObject o)) {
            throw new InvalidInput("body", "the body must be an object {agent?, dueAt?, status?, note?}");
        }
        unknownFields(o, PATCH_FIELDS, "");
        if (o.isEmpty()) {
            throw new InvalidInput("body", "nothing to change: give agent, dueAt, or status \"closed\" with a note");
        }
        boolean reassign = o.containsKey("agent");
        String agent = string(o, "agent", "", false);
        if (agent != null && !groupOfAgent.containsKey(agent)) {
            throw new InvalidInput("agent", "no agent '" + agent + "'");
        }
        String due = string(o, "dueAt", "", false);
        Instant dueAt = due == null ? null : instant(due, "dueAt");
        String status = string(o, "status", "", false);
        if (status != null && !status.equals("closed")) {
            throw new InvalidInput("status", status.equals("open")
                    ? "a task cannot be reopened; schedule a new one with POST /api/callbacks"
                    : "status must be \"closed\" (tasks are opened by calls and by POST)");
        }
        String note = string(o, "note", "", false);
        if (note != null && status == null) {
            throw new InvalidInput("note", "a note goes with status \"closed\"");
        }
        return new CallbackTasks.Patch(reassign, agent, dueAt, status != null, note);
    }

    private static Object decode(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInput("body", "the body is empty");
        }
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new InvalidInput("body", "the body is not valid JSON");
        }
    }

    private static void unknownFields(JsonObject o, Set<String> known, String prefix) {
        for (String name : o.fieldNames()) {
            if (!known.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
                throw new InvalidInput(prefix + shown, "unknown field '" + shown + "' (known: " + known + ")");
            }
        }
    }

    private static String string(JsonObject o, String name, String prefix, boolean required) {
        Object v = o.getValue(name);
        if (v == null) {
            if (required) {
                throw new InvalidInput(prefix + name, prefix + name + " is missing");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidInput(prefix + name, prefix + name + " must be a string");
        }
        if (s.length() > MAX_TEXT) {
            throw new InvalidInput(prefix + name, prefix + name + " is longer than " + MAX_TEXT + " characters");
        }
        if (required && s.isBlank()) {
            throw new InvalidInput(prefix + name, prefix + name + " is empty");
        }
        return s.trim();
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInput(field, field + " must be an ISO-8601 instant such as 2027-03-01T10:00:00Z"
                        + " or 2027-03-01T13:00:00+03:00");
            }
        }
    }
}
