package dozvon.edge.sip.transport;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBacklogTest {

    private static final long MS = 1_000_000L;
    private static final int MAX_PER_READ = 4;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private ReadBacklog backlog;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(MAX_PER_READ));
        backlog = new ReadBacklog(clock::get);
        channel.pipeline().addLast(backlog);
    }

    /** One read batch of {@code n} datagrams, as the event loop delivers it: n reads, then read-complete. */
    private void batch(int n) {
        Object[] datagrams = new Object[n];
        for (int i = 0; i < n; i++) {
            datagrams[i] = "datagram " + i;
        }
        channel.writeInbound(datagrams);
    }

    @Test
    void aBatchThatEmptiesTheSocketMeansNothingIsWaiting() {
        batch(MAX_PER_READ - 1);
        clock.addAndGet(500 * MS);
        assertThat(backlog.backlogNanos()).isZero();
    }

    @Test
    void fullBatchesInARowMeanTheSocketHasNotBeenEmptiedSinceTheFirst() {
        batch(MAX_PER_READ);
        clock.addAndGet(30 * MS);
        batch(MAX_PER_READ);
        clock.addAndGet(50 * MS);
        assertThat(backlog.backlogNanos()).isEqualTo(80 * MS);

        batch(2); // the socket is empty again
        assertThat(backlog.backlogNanos()).isZero();

        batch(MAX_PER_READ);
        clock.addAndGet(10 * MS);
        assertThat(backlog.backlogNanos()).isEqualTo(10 * MS);
    }

    @Test
    void aLoopThatStopsReadingAfterAFullBatchIsStillBehind() {
        batch(MAX_PER_READ);
        clock.addAndGet(2_000 * MS); // no read for two seconds: the loop is stuck elsewhere
        assertThat(backlog.backlogNanos()).isEqualTo(2_000 * MS);
    }

    @Test
    void everyDatagramStillReachesTheNextHandler() {
        batch(MAX_PER_READ);
        batch(1);
        int passed = 0;
        while (channel.readInbound() != null) {
            passed++;
        }
        assertThat(passed).isEqualTo(MAX_PER_READ + 1);
    }
}
