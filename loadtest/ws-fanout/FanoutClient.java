import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agents' side of the WebSocket fan-out benchmark, in its own JVM and with the JDK's own HTTP client only
 * (run as {@code java FanoutClient.java ...}: no build step, no dependencies).
 *
 * <p>Opens one {@code /ws/agent} session per agent, waits for every {@code hello}, prints {@code READY}, then
 * records when each {@code call.offer} frame arrives (epoch microseconds, the clock SIPp's gettimeofday uses on
 * the same machine). For each call exactly one session, chosen round-robin, answers its first offer with
 * {@code call.take} and records when it sent it. On stdin EOF or after the time bound it writes
 * {@code O <caller> <micros>} and {@code T <caller> <micros>} lines, and counts of the other frames, to the
 * output file.
 *
 * <p>Args: httpBase adminToken agentIdPrefix sessions outFile maxSeconds
 */
public class FanoutClient {

    record Stamp(char kind, String caller, long micros) {}

    static final ConcurrentLinkedQueue<Stamp> stamps = new ConcurrentLinkedQueue<>();
    static final ConcurrentHashMap<String, Integer> takerOf = new ConcurrentHashMap<>();
    static final AtomicInteger nextTaker = new AtomicInteger();
    static final ConcurrentHashMap<String, AtomicLong> frames = new ConcurrentHashMap<>();
    static int sessions;

    public static void main(String[] args) throws Exception {
        String http = args[0];
        String admin = args[1];
        String prefix = args[2];
        sessions = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        long maxSeconds = Long.parseLong(args[5]);
        if (sessions < 1 || sessions > 20000 || maxSeconds < 1 || maxSeconds > 3600) {
            throw new IllegalArgumentException("sessions 1..20000, maxSeconds 1..3600");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<String> tokens = tokens(client, http, admin, prefix, sessions);
        CountDownLatch hellos = new CountDownLatch(sessions);
        String ws = http.replaceFirst("^http", "ws") + "/ws/agent?token=";
        Semaphore opening = new Semaphore(64); // do not open a thousand TCP connections in the same millisecond
        List<CompletableFuture<WebSocket>> sockets = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            opening.acquire();
            sockets.add(client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(ws + tokens.get(i)), new Agent(i, hellos))
                    .whenComplete((s, e) -> opening.release()));
        }
        CompletableFuture.allOf(sockets.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        if (!hellos.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (sessions - hellos.getCount()) + " hellos of " + sessions);
        }
        // the console page pings every 20 s; the hub closes sessions it has not heard from for a minute
        java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        pinger.scheduleAtFixedRate(() -> sockets.forEach(f -> {
            WebSocket s = f.getNow(null);
            if (s != null && !s.isOutputClosed()) {
                s.sendText("{\"type\":\"ping\"}", true);
            }
        }), 20, 20, TimeUnit.SECONDS);
        System.out.println("READY " + sessions);
        System.out.flush();

        // the script closes stdin when the calls are over; the bound holds if it never does
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // treat as EOF
            }
        });
        stdin.setDaemon(true);
        stdin.start();
        stdin.join(TimeUnit.SECONDS.toMillis(maxSeconds));

        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (Stamp s : stamps) {
                w.write(s.kind + " " + s.caller + " " + s.micros + "\n");
            }
            for (var e : frames.entrySet()) {
                w.write("F " + e.getKey() + " " + e.getValue().get() + "\n");
            }
        }
        for (CompletableFuture<WebSocket> s : sockets) {
            s.getNow(null).sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        System.out.println("DONE " + stamps.size());
        System.exit(0);
    }

    static List<String> tokens(HttpClient client, String http, String admin, String prefix, int n) throws Exception {
        List<CompletableFuture<String>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(32);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            HttpRequest req = HttpRequest.newBuilder(URI.create(http + "/api/tokens/agent"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agentId\":\"" + prefix + i + "\"}")).build();
            pending.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
                }
                return field(r.body(), "token");
            }).whenComplete((t, e) -> inFlight.release()));
        }
        List<String> out = new ArrayList<>(n);
        for (CompletableFuture<String> f : pending) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** A string field of a flat JSON frame as Vert.x encodes it (no spaces); null when absent. */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    static final class Agent implements WebSocket.Listener {
        private final int index;
        private final CountDownLatch hellos;
        private final StringBuilder partial = new StringBuilder();
        private final java.util.Set<String> takenHere = new java.util.HashSet<>();

        Agent(int index, CountDownLatch hellos) {
            this.index = index;
            this.hellos = hellos;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long at = nowMicros();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                onFrame(socket, frame, at);
            }
            socket.request(1);
            return null;
        }

        private void onFrame(WebSocket socket, String frame, long at) {
            String type = field(frame, "type");
            frames.computeIfAbsent(String.valueOf(type), k -> new AtomicLong()).incrementAndGet();
            if ("hello".equals(type)) {
                hellos.countDown();
            } else if ("call.offer".equals(type)) {
                String caller = field(frame, "caller");
                String callId = field(frame, "callId");
                stamps.add(new Stamp('O', caller, at));
                int taker = takerOf.computeIfAbsent(callId, k -> Math.floorMod(nextTaker.getAndIncrement(), sessions));
                if (taker == index && takenHere.add(callId)) { // an offer can come again (e.g. on presence)
                    long sent = nowMicros();
                    socket.sendText("{\"type\":\"call.take\",\"callId\":\"" + callId + "\"}", true);
                    stamps.add(new Stamp('T', caller, sent));
                }
            }
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            frames.computeIfAbsent("socket_error", k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            frames.computeIfAbsent("closed_" + status, k -> new AtomicLong()).incrementAndGet();
            return null;
        }
    }
}
