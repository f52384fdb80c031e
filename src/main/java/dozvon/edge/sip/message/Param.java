package dozvon.edge.sip.message;

import java.util.Objects;

/**
 * One {@code ;name[=value]} parameter. {@code value} is null for a flag parameter such as {@code lr}
 * or a bare {@code rport}; a quoted value keeps its quotes so it re-serialises unchanged.
 */
public record Param(String name, String value) {
    public Param {
        Objects.requireNonNull(name, "name");
    }

    public static Param flag(String name) {
        return new Param(name, null);
    }

    public boolean isFlag() {
        return value == null;
    }

    public boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }
}
