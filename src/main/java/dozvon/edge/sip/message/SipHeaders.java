package dozvon.edge.sip.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The header lines of a message in their received order. Unknown headers are kept verbatim; lookups
 * are case-insensitive and understand compact forms ({@code v} finds {@code Via}). Instances are
 * immutable: the {@code with...} methods return changed copies.
 */
public final class SipHeaders implements Iterable<Header> {
    public static final SipHeaders EMPTY = new SipHeaders(List.of());

    private final List<Header> lines;

    // Parsed forms of the headers every layer asks for (transport, transaction key, dialog, B2BUA): a message
    // passes through all of them, and parsing the same Via or From four times was a third of the SIP loop's
    // time under load. The headers never change, so a value parsed once stays right; the races are benign
    // (every thread computes the same immutable record).
    private Via topVia;
    private NameAddr from;
    private NameAddr to;
    private CSeq cseq;

    private SipHeaders(List<Header> lines) {
        this.lines = lines;
    }

    public static SipHeaders of(List<Header> lines) {
        return lines.isEmpty() ? EMPTY : new SipHeaders(List.copyOf(lines));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Header> asList() {
        return lines;
    }

    public int size() {
        return lines.size();
    }

    @Override
    public Iterator<Header> iterator() {
        return lines.iterator();
    }

    public boolean contains(String name) {
        return firstOrNull(name) != null;
    }

    /** Number of header lines with that name (a line may hold several comma-separated values). */
    public int count(String name) {
        String key = HeaderNames.canonical(name);
        int n = 0;
        for (Header h : lines) {
            if (h.hasCanonicalName(key)) {
                n++;
            }
        }
        return n;
    }

    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    public String firstOrNull(String name) {
        String key = HeaderNames.canonical(name);
        // indexed, not for-each: this runs several times per message, and each iterator is garbage
        for (int i = 0, n = lines.size(); i < n; i++) {
            Header h = lines.get(i);
            if (h.hasCanonicalName(key)) {
                return h.value();
            }
        }
        return null;
    }

    /** The value of every line with that name, in order, unsplit. */
    public List<String> all(String name) {
        String key = HeaderNames.canonical(name);
        List<String> out = new ArrayList<>(2);
        for (Header h : lines) {
            if (h.hasCanonicalName(key)) {
                out.add(h.value());
            }
        }
        return out;
    }

    /**
     * All values of a header: for list headers (Via, Contact, Route, Require, ...) each line is split on
     * commas outside quotes and &lt;&gt;; other headers (Authorization, Date, unknown ones) are not split.
     */
    public List<String> values(String name) {
        String key = HeaderNames.canonical(name);
        boolean split = HeaderNames.isList(key);
        List<String> out = new ArrayList<>(2);
        for (Header h : lines) {
            if (h.hasCanonicalName(key)) {
                if (split) {
                    out.addAll(HeaderValues.splitList(h.value()));
                } else {
                    out.add(h.value());
                }
            }
        }
        return out;
    }

    /** The first Via value (the first comma-separated element of the first Via line), parsed; null if none. */
    public Via topVia() {
        Via v = topVia;
        if (v == null) {
            String line = firstOrNull(HeaderNames.VIA);
            if (line == null) {
                return null;
            }
            List<String> values = HeaderValues.splitList(line);
            if (values.isEmpty()) {
                return null;
            }
            v = Via.parse(values.get(0));
            topVia = v;
        }
        return v;
    }

    /** From, parsed; null if absent. */
    public NameAddr from() {
        NameAddr v = from;
        if (v == null) {
            String raw = firstOrNull(HeaderNames.FROM);
            if (raw == null) {
                return null;
            }
            v = NameAddr.parse(raw);
            from = v;
        }
        return v;
    }

    /** To, parsed; null if absent. */
    public NameAddr to() {
        NameAddr v = to;
        if (v == null) {
            String raw = firstOrNull(HeaderNames.TO);
            if (raw == null) {
                return null;
            }
            v = NameAddr.parse(raw);
            to = v;
        }
        return v;
    }

    /** CSeq, parsed; null if absent. */
    public CSeq cseq() {
        CSeq v = cseq;
        if (v == null) {
            String raw = firstOrNull(HeaderNames.CSEQ);
            if (raw == null) {
                return null;
            }
            v = CSeq.parse(raw);
            cseq = v;
        }
        return v;
    }

    /** Appends a line. */
    public SipHeaders with(String name, String value) {
        List<Header> copy = new ArrayList<>(lines.size() + 1);
        copy.addAll(lines);
        copy.add(new Header(name, value));
        return carryParsed(new SipHeaders(Collections.unmodifiableList(copy)), name);
    }

    /** Inserts a line before the first line of the same name, or at the top when there is none. */
    public SipHeaders withFirst(String name, String value) {
        List<Header> copy = new ArrayList<>(lines.size() + 1);
        int at = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).is(name)) {
                at = i;
                break;
            }
        }
        copy.addAll(lines);
        copy.add(at, new Header(name, value));
        return carryParsed(new SipHeaders(Collections.unmodifiableList(copy)), name);
    }

    /** Replaces every line of that name by one line at the position of the first (or appends it). */
    public SipHeaders replacing(String name, String value) {
        List<Header> copy = new ArrayList<>(lines.size() + 1);
        boolean placed = false;
        for (Header h : lines) {
            if (h.is(name)) {
                if (!placed) {
                    copy.add(new Header(name, value));
                    placed = true;
                }
            } else {
                copy.add(h);
            }
        }
        if (!placed) {
            copy.add(new Header(name, value));
        }
        return carryParsed(new SipHeaders(Collections.unmodifiableList(copy)), name);
    }

    public SipHeaders without(String name) {
        List<Header> copy = new ArrayList<>(lines.size());
        for (Header h : lines) {
            if (!h.is(name)) {
                copy.add(h);
            }
        }
        return copy.size() == lines.size() ? this : carryParsed(new SipHeaders(Collections.unmodifiableList(copy)), name);
    }

    /**
     * Removes the first value of a list header: the whole first line if it holds one value, else only
     * its first comma-separated element (a proxy pops its own Via this way, RFC 3261 §16.7 step 3).
     */
    public SipHeaders withoutFirstValue(String name) {
        List<Header> copy = new ArrayList<>(lines);
        for (int i = 0; i < copy.size(); i++) {
            Header h = copy.get(i);
            if (h.is(name)) {
                List<String> values = HeaderValues.splitList(h.value());
                if (values.size() <= 1) {
                    copy.remove(i);
                } else {
                    copy.set(i, new Header(h.name(), String.join(", ", values.subList(1, values.size()))));
                }
                return carryParsed(new SipHeaders(Collections.unmodifiableList(copy)), name);
            }
        }
        return this;
    }

    /** Replaces the top Via value by {@code via} (a proxy or transport stamping received/rport, a new branch). */
    public SipHeaders replacingTopVia(Via via) {
        SipHeaders out = withoutFirstValue(HeaderNames.VIA).withFirst(HeaderNames.VIA, via.toString());
        out.topVia = via;
        return out;
    }

    /** A changed copy keeps the parsed forms of the headers the change did not touch. */
    private SipHeaders carryParsed(SipHeaders out, String changedName) {
        String changed = HeaderNames.canonical(changedName);
        if (!changed.equals(HeaderNames.canonical(HeaderNames.VIA))) {
            out.topVia = topVia;
        }
        if (!changed.equals(HeaderNames.canonical(HeaderNames.FROM))) {
            out.from = from;
        }
        if (!changed.equals(HeaderNames.canonical(HeaderNames.TO))) {
            out.to = to;
        }
        if (!changed.equals(HeaderNames.canonical(HeaderNames.CSEQ))) {
            out.cseq = cseq;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipHeaders other && lines.equals(other.lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    @Override
    public String toString() {
        return lines.toString();
    }

    /** Collects lines in order. */
    public static final class Builder {
        private final List<Header> lines = new ArrayList<>();

        public Builder add(String name, String value) {
            lines.add(new Header(name, value));
            return this;
        }

        public Builder add(String name, Object value) {
            return add(name, String.valueOf(value));
        }

        public SipHeaders build() {
            return SipHeaders.of(lines);
        }
    }
}
