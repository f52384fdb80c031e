package dozvon.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An unused port on the loopback interface, free for TCP and UDP both (SIP listens on both; SIPp binds UDP),
 * for servers that only this process talks to. Picked at random below the kernel's ephemeral range: a port the
 * kernel hands out for "port 0" (another test run's gateway, any client socket) is never picked here, so runs
 * side by side do not take each other's ports between the pick and the bind.
 */
public final class FreePort {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000; // Linux hands out ephemeral ports from 32768 by default

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FreePort() {}

    public static int find() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            int port = random.nextInt(LOW, HIGH);
            // a port handed out but not bound yet looks free: never hand it out twice in one process
            if (freeForBoth(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean freeForBoth(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(loopback, port), 1);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
