package dozvon.edge.sip.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.util.function.LongSupplier;

/**
 * How long the UDP socket has had datagrams waiting that the SIP loop has not read yet.
 *
 * <p>Why: a loop that cannot keep up with its socket does not run its timers late. Netty reads a batch of
 * datagrams, runs the due tasks, reads the next batch, so a probe timer stays on time while the kernel queue
 * (megabytes: seconds of traffic) fills, every message waits in it, peers retransmit and the queue overflows.
 * A read batch that stops at the per-read maximum, rather than on an empty socket, means more was waiting; a
 * run of such batches since time t means the socket has not been empty since t, and a datagram arriving now
 * waits about as long as that run has lasted when twice as much arrives as the loop can read.
 *
 * <p>Runs on the channel's event loop only.
 */
final class ReadBacklog extends ChannelInboundHandlerAdapter {
    private final LongSupplier nanoClock;
    private int maxPerRead = Integer.MAX_VALUE;
    private int readThisBatch;
    /** When the socket was last found not emptied by a read, 0 when the last read emptied it; loop writes only. */
    private volatile long waitingSince;

    ReadBacklog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        RecvByteBufAllocator allocator = ctx.channel().config().getRecvByteBufAllocator();
        if (allocator instanceof MaxMessagesRecvByteBufAllocator m) {
            maxPerRead = m.maxMessagesPerRead();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readThisBatch++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchEnded(readThisBatch >= maxPerRead);
        readThisBatch = 0;
        ctx.fireChannelReadComplete();
    }

    /** A read batch ended, full (more was waiting) or not (the socket was emptied). */
    private void batchEnded(boolean full) {
        if (!full) {
            waitingSince = 0;
        } else if (waitingSince == 0) {
            waitingSince = nanoClock.getAsLong();
        }
    }

    /** Nanoseconds the socket has not been emptied for; 0 when the last read emptied it. Any thread. */
    long backlogNanos() {
        long since = waitingSince;
        return since == 0 ? 0 : Math.max(1, nanoClock.getAsLong() - since);
    }
}
