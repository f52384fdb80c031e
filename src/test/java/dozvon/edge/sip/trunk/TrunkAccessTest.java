package dozvon.edge.sip.trunk;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrunkAccessTest {

    @Test
    void matchesAddressesInsideTheAllowBlocksOnly() throws Exception {
        TrunkAccess access = new TrunkAccess(List.of(
                new TrunkAccess.Trunk("office", List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("127.0.0.1")), null, null, null),
                new TrunkAccess.Trunk("v6", List.of(Cidr.parse("2001:db8::/32")), null, null, null)));
        assertThat(access.trunkFor(InetAddress.getByName("10.1.200.7"))).map(TrunkAccess.Trunk::name).hasValue("office");
        assertThat(access.trunkFor(InetAddress.getByName("127.0.0.1"))).map(TrunkAccess.Trunk::name).hasValue("office");
        assertThat(access.trunkFor(InetAddress.getByName("2001:db8:1::5"))).map(TrunkAccess.Trunk::name).hasValue("v6");
        assertThat(access.isTrunk(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(access.isTrunk(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(access.isTrunk(InetAddress.getByName("2001:db9::1"))).isFalse();
    }

    @Test
    void cidrParsingRejectsNamesAndBadPrefixes() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ipv4("8.8.8.8"))).isTrue();
        assertThatThrownBy(() -> Cidr.parse("pbx.example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/40")).hasMessageContaining("prefix length must be 0..32");
        assertThatThrownBy(() -> Cidr.parse("256.0.0.1")).hasMessageContaining("not an IP address");
    }

    private static InetAddress ipv4(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
