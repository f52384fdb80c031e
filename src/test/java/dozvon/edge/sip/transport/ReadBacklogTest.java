package dozvon.edge.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void aRealSocketReadMoreSlowlyThanItIsFilledShowsABacklogThatClearsOnceItIsEmptied() throws Exception {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ReadBacklog real = new ReadBacklog(System::nanoTime);
        AtomicLong worst = new AtomicLong();
        int datagrams = 100; // few enough to fit a default-sized socket buffer: none may be dropped
        CountDownLatch read = new CountDownLatch(datagrams);
        CountDownLatch lastBatchDone = new CountDownLatch(1);
        AtomicBoolean lastRead = new AtomicBoolean();
        try {
            Channel ch = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048).maxMessagesPerRead(8))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline().addLast(real, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    boolean last = ((io.netty.channel.socket.DatagramPacket) msg).content()
                                            .readableBytes() == 1;
                                    ReferenceCountUtil.release(msg);
                                    if (last) {
                                        lastRead.set(true);
                                        return;
                                    }
                                    worst.accumulateAndGet(real.backlogNanos(), Math::max);
                                    sleepAMillisecond(); // a loop slower than the sender
                                    read.countDown();
                                }
                            }, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelReadComplete(ChannelHandlerContext ctx) {
                                    if (lastRead.get()) {
                                        lastBatchDone.countDown(); // the batch that read the last datagram ended
                                    }
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            InetSocketAddress to = (InetSocketAddress) ch.localAddress();
            try (DatagramSocket sender = new DatagramSocket()) {
                byte[] payload = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n\r\n".getBytes();
                for (int i = 0; i < datagrams; i++) {
                    sender.send(new DatagramPacket(payload, payload.length, to));
                }
            }
            assertThat(read.await(30, TimeUnit.SECONDS)).as("every datagram read").isTrue();
            assertThat(worst.get()).as("the socket was not emptied for a while").isPositive();
            // one more datagram, read from an otherwise empty socket: the backlog is gone
            try (DatagramSocket sender = new DatagramSocket()) {
                sender.send(new DatagramPacket(new byte[] {'x'}, 1, to));
            }
            assertThat(lastBatchDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(real.backlogNanos()).isZero();
            ch.close().sync();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
