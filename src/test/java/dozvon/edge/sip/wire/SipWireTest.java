package dozvon.edge.sip.wire;

import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The SIP edge on the wire: SIPp against the running gateway over UDP and TCP. */
class SipWireTest {
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID: (\\S+)");

    private static RunningGateway gw;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        gw = RunningGateway.start(TestConfig.fresh("""
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ]
                agents:
                  - { id: anna, group: sales, password: "anna-secret" }
                  - { id: igor, group: sales, mobile: "+79160000001", password: "igor-secret" }
                groups: [ { id: sales, head: igor } ]
                numbers: [ { number: "+74950000000", group: sales } ]
                """));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static void assertSipp(Sipp.Result r) {
        assertThat(r.allSucceeded()).as("sipp exit code %d; output:%n%s", r.exitCode(), r.output()).isTrue();
    }

    @Test
    void optionsKeepAlivesGet200OverUdpAndTcp() {
        assertSipp(Sipp.run("uac-options-200.xml", gw.sipPort(), 5, 50));
        assertSipp(Sipp.run("uac-options-200.xml", gw.sipPort(), 5, 50, "-t", "t1"));
    }

    @Test
    void aPhoneRegistersWithDigestAndUnregistersOverUdpAndTcp() {
        assertSipp(Sipp.run("uac-register-digest-200.xml", gw.sipPort(), 1, 1, "-s", "anna", "-au", "anna", "-ap", "anna-secret"));
        assertSipp(Sipp.run("uac-unregister-200.xml", gw.sipPort(), 1, 1, "-s", "anna", "-au", "anna", "-ap", "anna-secret"));
        assertSipp(Sipp.run("uac-register-digest-200.xml", gw.sipPort(), 1, 1, "-t", "t1", "-s", "igor", "-au", "igor", "-ap", "igor-secret"));
    }

    @Test
    void aWrongPasswordNeverRegisters() {
        Sipp.Result r = Sipp.run("uac-register-digest-200.xml", gw.sipPort(), 1, 1, "-s", "anna", "-au", "anna", "-ap", "wrong");
        assertThat(r.allSucceeded()).as("registration with a wrong password must fail").isFalse();
    }

    @Test
    void aRetransmittedInviteIsAbsorbedAndAnsweredOnce() {
        double before = metric("dozvon_sip_retransmissions_total");
        assertSipp(Sipp.run("uac-invite-retransmitted-480.xml", gw.sipPort(), 3, 10, "-s", "+74950000000"));
        assertThat(metric("dozvon_sip_retransmissions_total")).isGreaterThanOrEqualTo(before + 3);
    }

    @Test
    void anInviteFromOutsideTheTrunksIsForbiddenAndCounted() throws Exception {
        // 127.0.0.2 is loopback but outside the trunk's 127.0.0.1/32
        double before = metric("dozvon_sip_forbidden_total");
        String invite = "INVITE sip:+74950000000@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:5099;branch=z9hG4bK-scan1;rport\r\n"
                + "From: <sip:scanner@127.0.0.2>;tag=s1\r\nTo: <sip:+74950000000@127.0.0.1>\r\n"
                + "Call-ID: scan-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            s.setSoTimeout(5000);
            send(s, invite);
            String first = receive(s);
            String fin = first.startsWith("SIP/2.0 100") ? receive(s) : first;
            assertThat(fin).startsWith("SIP/2.0 403");
        }
        assertThat(metric("dozvon_sip_forbidden_total")).isEqualTo(before + 1);
    }

    @Test
    void tortureMessagesLeaveTheGatewayServing() throws Exception {
        double parseErrors = metric("dozvon_sip_parse_errors_total");
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            // badvers (RFC 4475 §3.1.2.15): SIP/7.0 must get 505
            send(s, "OPTIONS sip:t@127.0.0.1 SIP/7.0\r\nVia: SIP/7.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bK-badvers\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\n"
                    + "Call-ID: badvers\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            assertThat(receive(s)).startsWith("SIP/2.0 505");
            // a CSeq whose method disagrees with the request's (mismatch01): 400
            send(s, "OPTIONS sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bK-mm\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\n"
                    + "Call-ID: mm\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            assertThat(receive(s)).startsWith("SIP/2.0 400");
            // plain garbage: dropped silently
            send(s, "\u0000\u0001GET / HTTP/1.1\r\n\r\n");
            // an unknown method gets 501 with Allow
            send(s, "FOOBAR sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bK-foo\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\n"
                    + "Call-ID: foo\r\nCSeq: 1 FOOBAR\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            String foo = receive(s);
            assertThat(foo).startsWith("SIP/2.0 501").contains("Allow: INVITE");
            // Require of an unknown extension: 420 with Unsupported
            send(s, "OPTIONS sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bK-req\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\n"
                    + "Call-ID: req\r\nCSeq: 1 OPTIONS\r\nRequire: nothingsupportsthis\r\nMax-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(receive(s)).startsWith("SIP/2.0 420").contains("Unsupported: nothingsupportsthis");
        }
        // an unframeable TCP stream (no Content-Length) gets 400 and the connection is closed...
        try (Socket tcp = new Socket("127.0.0.1", gw.sipPort())) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            out.write(("OPTIONS sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-nocl\r\n"
                    + "To: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\nCall-ID: nocl\r\nCSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = tcp.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("SIP/2.0 400");
        }
        // ...and the gateway still serves a normal request, over both transports.
        assertSipp(Sipp.run("uac-options-200.xml", gw.sipPort(), 1, 1));
        assertSipp(Sipp.run("uac-options-200.xml", gw.sipPort(), 1, 1, "-t", "t1"));
        assertThat(metric("dozvon_sip_parse_errors_total")).isGreaterThanOrEqualTo(parseErrors + 3);
    }

    @Test
    void aDatagramLargerThanTwoKilobytesIsReadWhole() throws Exception {
        // INVITEs with a large SDP and PBX headers pass 2 KB over UDP; a truncated one would fail its
        // Content-Length and get 400
        String body = "v=0\r\n" + "a=x-padding:" + "p".repeat(6000) + "\r\n";
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            send(s, "OPTIONS sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                    + ";branch=z9hG4bK-big\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\n"
                    + "Call-ID: big\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(receive(s)).startsWith("SIP/2.0 200");
        }
    }

    @Test
    void aBurstOfDatagramsUpToTheLargestIsReadWholeEachOne() throws Exception {
        // Sent in bursts without waiting, so the loop finds several queued at once and reads them with one system
        // call; every one, the largest a UDP packet holds among them, must come out whole and be answered once.
        // Four per burst: a few full datagrams fit even a kernel's default receive buffer (208 KB asked, doubled).
        int bursts = 10;
        int perBurst = 4;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(5000);
            Set<String> answered = new HashSet<>();
            for (int b = 0; b < bursts; b++) {
                for (int k = 0; k < perBurst; k++) {
                    int i = b * perBurst + k;
                    String head = "OPTIONS sip:t@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort()
                            + ";branch=z9hG4bK-burst" + i + "\r\nTo: <sip:t@127.0.0.1>\r\nFrom: <sip:x@127.0.0.1>;tag=1"
                            + "\r\nCall-ID: burst-" + i + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                            + "Content-Type: application/sdp\r\nContent-Length: ";
                    // every other one fills a UDP datagram to the brim: 65,507 bytes of payload over IPv4
                    int bodyLength = i % 2 == 0 ? 65_507 - head.length() - "65000\r\n\r\n".length() : 40;
                    String body = "v=0\r\na=x-padding:" + "p".repeat(bodyLength - 19) + "\r\n";
                    String datagram = head + body.length() + "\r\n\r\n" + body;
                    assertThat(datagram.length()).isLessThanOrEqualTo(65_507);
                    send(s, datagram);
                }
                for (int k = 0; k < perBurst; k++) {
                    String reply = receive(s);
                    assertThat(reply).startsWith("SIP/2.0 200");
                    Matcher m = CALL_ID.matcher(reply);
                    assertThat(m.find()).isTrue();
                    answered.add(m.group(1));
                }
            }
            assertThat(answered).hasSize(bursts * perBurst);
        }
    }

    private static void send(DatagramSocket s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), gw.sipPort()));
    }

    private static String receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static double metric(String name) {
        String body = gw.get("/metrics", null).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
