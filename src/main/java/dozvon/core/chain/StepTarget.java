package dozvon.core.chain;

import java.util.regex.Pattern;

/**
 * Who a chain step rings. Parsed from the config's {@code groups[].chain[].target} strings
 * ({@code personal-or-next}, {@code next}, {@code all-free}, {@code agent:<id>}, {@code head-mobile},
 * {@code number:<e164>}).
 */
public sealed interface StepTarget {

    /** The caller's personal manager if known and available, else {@link Next}. */
    record PersonalOrNext() implements StepTarget {
        @Override public String toString() { return "personal-or-next"; }
    }

    /** The available agent of the group idle longest and not yet tried on this call. */
    record Next() implements StepTarget {
        @Override public String toString() { return "next"; }
    }

    /** Every available agent of the group at once. */
    record AllFree() implements StepTarget {
        @Override public String toString() { return "all-free"; }
    }

    /** One named agent, if available. */
    record Agent(String agentId) implements StepTarget {
        @Override public String toString() { return "agent:" + agentId; }
    }

    /** The group head's mobile number, dialled through the trunk. */
    record HeadMobile() implements StepTarget {
        @Override public String toString() { return "head-mobile"; }
    }

    /** A fixed E.164 number, dialled through the trunk. */
    record Number(String e164) implements StepTarget {
        @Override public String toString() { return "number:" + e164; }
    }

    Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** @throws IllegalArgumentException with a message fit to show a user, naming what is wrong */
    static StepTarget parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing target");
        }
        String t = text.trim();
        switch (t) {
            case "personal-or-next": return new PersonalOrNext();
            case "next": return new Next();
            case "all-free": return new AllFree();
            case "head-mobile": return new HeadMobile();
            default: break;
        }
        if (t.startsWith("agent:")) {
            String id = t.substring("agent:".length());
            if (!AGENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + t + "': agent id must be letters, digits, '.', '_' or '-'");
            }
            return new Agent(id);
        }
        if (t.startsWith("number:")) {
            String n = t.substring("number:".length());
            if (!E164.matcher(n).matches()) {
                throw new IllegalArgumentException("'" + t + "': number must be E.164, like +74950000000");
            }
            return new Number(n);
        }
        throw new IllegalArgumentException("'" + t + "' is not a target; use personal-or-next, next, all-free, "
                + "agent:<id>, head-mobile or number:<e164>");
    }
}
