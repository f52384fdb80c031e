package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.trunk.TrunkAccess;

import java.time.Duration;
import java.util.Optional;

/**
 * What the B2BUA needs to know about itself and the world: the address it advertises in Via and Contact,
 * its SIP domain (agents' addresses of record), the trunk used for number legs, and how long a presence claim
 * is waited for ({@code sip.claimTimeoutMillis}).
 */
public record B2buaSettings(String advertisedHost, int port, String domain, Optional<TrunkAccess.Trunk> outboundTrunk,
                            Duration claimTimeout) {}
