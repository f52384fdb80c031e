package dozvon.edge.sip.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Header parameters ({@code generic-param} of RFC 3261 §25.1) in their original order.
 * Names compare case-insensitively; values are kept as received.
 */
public record Params(List<Param> list) {
    public static final Params NONE = new Params(List.of());

    public Params {
        list = List.copyOf(list);
    }

    public static Params of(Param... params) {
        return new Params(List.of(params));
    }

    public boolean has(String name) {
        return find(name) != null;
    }

    /** The value of a parameter; empty when absent or when it is a flag. */
    public Optional<String> get(String name) {
        Param p = find(name);
        return p == null ? Optional.empty() : Optional.ofNullable(p.value());
    }

    public String getOrNull(String name) {
        Param p = find(name);
        return p == null ? null : p.value();
    }

    public Param find(String name) {
        for (int i = 0, n = list.size(); i < n; i++) { // indexed: no iterator per lookup (branch, tag, rport...)
            Param p = list.get(i);
            if (p.named(name)) {
                return p;
            }
        }
        return null;
    }

    /** Replaces a parameter of that name in place, or appends it. */
    public Params with(String name, String value) {
        List<Param> copy = new ArrayList<>(list.size() + 1);
        boolean replaced = false;
        for (Param p : list) {
            if (!replaced && p.named(name)) {
                copy.add(new Param(name, value));
                replaced = true;
            } else if (!p.named(name)) {
                copy.add(p);
            }
        }
        if (!replaced) {
            copy.add(new Param(name, value));
        }
        return new Params(copy);
    }

    public Params without(String name) {
        List<Param> copy = new ArrayList<>(list.size());
        for (Param p : list) {
            if (!p.named(name)) {
                copy.add(p);
            }
        }
        return new Params(copy);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * Parses {@code *( SEMI generic-param )} from the lexer: LWS is allowed around ';' and '='
     * (RFC 4475 §3.1.1.1), an empty parameter ({@code ;;}) is not (RFC 4475 §3.1.2.1).
     */
    static Params parse(Lexer in) {
        List<Param> params = null;
        while (true) {
            in.skipWhitespace();
            if (!in.consume(';')) {
                break;
            }
            in.skipWhitespace();
            String name = in.token("parameter name");
            in.skipWhitespace();
            String value = null;
            if (in.consume('=')) {
                in.skipWhitespace();
                value = in.peek() == '"' ? in.rawQuotedString() : in.span(Params::isValueChar);
                if (value.isEmpty()) {
                    throw new SipSyntaxException("empty value for parameter " + name);
                }
            }
            if (params == null) {
                params = new ArrayList<>(4);
            }
            params.add(new Param(name, value));
        }
        return params == null ? NONE : new Params(Collections.unmodifiableList(params));
    }

    /** gen-value = token / host / quoted-string; host adds ':' '[' ']' for IPv6 references. */
    private static boolean isValueChar(char c) {
        return Lexer.isTokenChar(c) || c == ':' || c == '[' || c == ']';
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    void appendTo(StringBuilder sb) {
        for (Param p : list) {
            sb.append(';').append(p.name());
            if (p.value() != null) {
                sb.append('=').append(p.value());
            }
        }
    }
}
