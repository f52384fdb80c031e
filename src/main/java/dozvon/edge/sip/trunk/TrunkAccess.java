package dozvon.edge.sip.trunk;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which trunk, if any, a source address belongs to. Calls are accepted only from a trunk's {@code allow}
 * blocks; everything else is 403 (agents' phones reach us through REGISTER and their own dialogs instead).
 */
public final class TrunkAccess {

    /** A trunk as the SIP edge needs it. */
    public record Trunk(String name, List<Cidr> allow, String outbound, String username, String password) {}

    private final List<Trunk> trunks;

    public TrunkAccess(List<Trunk> trunks) {
        this.trunks = List.copyOf(trunks);
    }

    public Optional<Trunk> trunkFor(InetAddress source) {
        for (Trunk t : trunks) {
            for (Cidr c : t.allow()) {
                if (c.contains(source)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    public boolean isTrunk(InetAddress source) {
        return trunkFor(source).isPresent();
    }

    public List<Trunk> trunks() {
        return trunks;
    }
}
