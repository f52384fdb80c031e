package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.edge.sip.auth.DigestClient;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Legs over TCP: a call from the PBX over UDP rings a desk phone whose static contact says
 * {@code transport=tcp}, then the head's mobile through a trunk whose {@code outbound} is TCP. The gateway opens
 * each connection itself; the INVITE, CANCEL, ACK and BYE go over it and the phones' answers come back on it.
 */
class TcpLegsE2ETest {

    private static final String SALES = "+74950000000";
    private static final String DESK = "+74950000004";
    private static final String CALLER = "+79005550101";
    private static RunningGateway gw;
    private static int annaPort;
    private static int mobilePort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        mobilePort = FreePort.find();
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 0 }
                callbacks: { autoDial: false }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d;transport=tcp" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d;transport=tcp" }
                  - { id: igor, group: heads, mobile: "+79160000001" }
                  - { id: vera, group: desk, password: "vera-secret" }
                groups:
                  - id: sales
                    head: igor
                    chain:
                      - { target: personal-or-next, rings: 2 }
                      - { target: head-mobile, seconds: 5 }
                  - id: heads
                    chain: [ { target: "number:+79160000001", seconds: 5 } ]
                  - id: desk
                    chain: [ { target: next, rings: 5 } ]
                numbers:
                  - { number: "%s", group: sales }
                  - { number: "%s", group: desk }
                """.formatted(mobilePort, annaPort, SALES, DESK));
        gw = RunningGateway.start(config);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aStaticTcpPhoneIsRungAndCancelledThenTheMobileAnswersThroughATcpTrunk() {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1, "-t", "t1");
             Sipp.Uas mobile = Sipp.startUas("uas-phone-answer.xml", mobilePort, 1, "-t", "t1", "-d", "200")) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1, "-s", SALES,
                    "-set", "caller", CALLER, "-d", "500"), "pbx over UDP");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone over TCP: INVITE, then CANCEL and the ACK of its 487");
            Sipp.assertOk(mobile.awaitDone(20), "the head's mobile over a TCP trunk: INVITE, ACK, then BYE");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> CALLER.equals(gw.lastCall().getString("caller")));
        JsonObject call = gw.lastCall();
        assertThat(call.getString("outcome")).isEqualTo("answered");
        JsonArray legs = call.getJsonArray("legs");
        assertThat(legs).hasSize(2);
        assertThat(legs.getJsonObject(0).getString("target")).isEqualTo("agent:anna");
        assertThat(legs.getJsonObject(0).getString("result")).isEqualTo("no_answer");
        assertThat(legs.getJsonObject(0).getString("ringingAt")).as("anna's 180 came back over TCP").isNotNull();
        assertThat(legs.getJsonObject(1).getString("target")).isEqualTo("number:+79160000001");
        assertThat(legs.getJsonObject(1).getString("result")).isEqualTo("answered");
    }

    /**
     * A phone behind NAT registers over TCP with a Contact nobody can reach (a private address): its calls must
     * come over the connection it registered on (RFC 3261 §18.2.2 reuse; Asterisk and Kamailio do the same).
     */
    @Test
    void aPhoneRegisteredOverTcpIsCalledOverTheConnectionItRegisteredOn() throws Exception {
        String caller = "+79005550102";
        try (TcpPhone vera = TcpPhone.connect(gw.sipPort())) {
            vera.register("vera", "vera-secret", "sip:vera@10.255.0.9:5060;transport=tcp");
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(gw.agent("vera").getBoolean("reachable")));

            CompletableFuture<Sipp.Result> pbx = CompletableFuture.supplyAsync(() -> Sipp.run(
                    "uac-pbx-call-answered.xml", gw.sipPort(), 1, 1, "-s", DESK, "-set", "caller", caller, "-d", "300"));
            TcpPhone.Message invite = vera.read();
            assertThat(invite.startLine()).startsWith("INVITE sip:vera@10.255.0.9:5060");
            assertThat(invite.header("Via")).startsWith("SIP/2.0/TCP ");
            assertThat(invite.header("From")).contains(caller);
            vera.answer(invite, 180);
            vera.answer(invite, 200);
            assertThat(vera.read().startLine()).startsWith("ACK ");
            TcpPhone.Message bye = vera.read();
            assertThat(bye.startLine()).startsWith("BYE ");
            vera.answer(bye, 200);
            Sipp.assertOk(pbx.get(30, TimeUnit.SECONDS), "pbx over UDP");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.equals(gw.lastCall().getString("caller")));
        JsonObject call = gw.lastCall();
        assertThat(call.getString("outcome")).isEqualTo("answered");
        assertThat(call.getString("answeredBy")).isEqualTo("vera");
    }

    /** A SIP phone on one TCP connection, in the test's thread: it writes what it is told and reads one message at a time. */
    private static final class TcpPhone implements AutoCloseable {
        record Message(String startLine, List<String> headers, String body) {
            String header(String name) {
                return all(name).stream().findFirst().orElse(null);
            }

            List<String> all(String name) {
                return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                        .map(h -> h.substring(name.length() + 1).trim()).toList();
            }
        }

        private final Socket socket;
        private final InputStream in;
        private final int gatewayPort;

        private TcpPhone(Socket socket, int gatewayPort) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.gatewayPort = gatewayPort;
        }

        static TcpPhone connect(int port) throws IOException {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(15_000);
            return new TcpPhone(s, port);
        }

        void register(String user, String password, String contact) throws IOException {
            String uri = "sip:127.0.0.1:" + gatewayPort;
            Message challenge = send(registerRequest(user, contact, 1, null));
            assertThat(challenge.startLine()).startsWith("SIP/2.0 401");
            String authorization = DigestClient.answer(challenge.all("WWW-Authenticate"), user, password, "REGISTER",
                    uri, 1).orElseThrow();
            Message ok = send(registerRequest(user, contact, 2, authorization));
            assertThat(ok.startLine()).startsWith("SIP/2.0 200");
        }

        private String registerRequest(String user, String contact, int cseq, String authorization) {
            int local = socket.getLocalPort();
            return "REGISTER sip:127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 10.255.0.9:5060;branch=z9hG4bK-reg" + cseq + "-" + local + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + user + "@127.0.0.1>;tag=reg" + local + "\r\n"
                    + "To: <sip:" + user + "@127.0.0.1>\r\n"
                    + "Call-ID: reg-" + local + "@10.255.0.9\r\n"
                    + "CSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: <" + contact + ">\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Expires: 300\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }

        /** Sends a request and reads its final response (provisional ones are passed over). */
        private Message send(String request) throws IOException {
            write(request);
            Message m;
            do {
                m = read();
            } while (m.startLine().startsWith("SIP/2.0 1"));
            return m;
        }

        /** A response to {@code request} with its Via, From, Call-ID and CSeq, a To tag, and SDP on a 200 INVITE. */
        void answer(Message request, int status) throws IOException {
            StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append(status == 200 ? " OK" : " Ringing")
                    .append("\r\n");
            request.all("Via").forEach(v -> r.append("Via: ").append(v).append("\r\n"));
            r.append("From: ").append(request.header("From")).append("\r\n");
            String to = request.header("To");
            r.append("To: ").append(to.contains(";tag=") ? to : to + ";tag=vera-phone").append("\r\n");
            r.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
            r.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
            r.append("Contact: <sip:vera@10.255.0.9:5060;transport=tcp>\r\n");
            String body = status == 200 && request.startLine().startsWith("INVITE")
                    ? "v=0\r\no=vera 1 1 IN IP4 10.255.0.9\r\ns=-\r\nc=IN IP4 10.255.0.9\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
                    : "";
            if (!body.isEmpty()) {
                r.append("Content-Type: application/sdp\r\n");
            }
            r.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            write(r.toString());
        }

        private void write(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next message on the connection, framed by its Content-Length (keep-alive CRLFs are skipped). */
        Message read() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the gateway closed the connection after: " + head);
                }
                if (head.isEmpty() && (b == '\r' || b == '\n')) {
                    continue;
                }
                head.append((char) b);
            }
            List<String> lines = List.of(head.toString().split("\r\n"));
            List<String> headers = lines.subList(1, lines.size());
            Message bare = new Message(lines.get(0), headers, "");
            String length = bare.header("Content-Length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Message(lines.get(0), headers, new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
