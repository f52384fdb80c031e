package dozvon.store.redis;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisStandaloneConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Makes a pipelined Redis connection send what it is given in one turn of its event loop in one write.
 *
 * <p>Why: the Redis client writes and flushes each command on its own, so every claim, release and console
 * publish cost the SIP loop a {@code send(2)} (11 % of its time at 500 calls/s, as much as all its SIP
 * datagrams) and cost Redis a wake-up and a read. A step that ends releases one agent and claims the next in
 * the same turn, and a read of several datagrams sets off several commands. Netty's
 * {@link FlushConsolidationHandler} holds the flushes of a turn and flushes once at its end (or at the end of
 * the connection's own read); order and answers are unchanged, and nothing waits past the current turn.
 *
 * <p>The client does not expose its socket, hence the reflection; without it (another client version) the
 * connection works as before, one send per command, and says so once in the log.
 */
final class FlushCoalescing {

    private static final Logger log = LoggerFactory.getLogger(FlushCoalescing.class);
    private static final String NAME = "dozvon-flush-coalescing";
    /** Flushes held at most, so a long turn still sends as it goes (Netty's own default is 256). */
    private static final int MOST_HELD = 64;
    private static volatile boolean warned;

    private FlushCoalescing() {}

    /** Installs the coalescing on the connection's channel (once), or logs once why it cannot. */
    static void install(io.vertx.redis.client.RedisConnection connection) {
        try {
            Object actual = connection instanceof PooledRedisConnection pooled ? pooled.actual() : connection;
            if (!(actual instanceof RedisStandaloneConnection standalone)) {
                unavailable("connection is " + actual.getClass().getName());
                return;
            }
            Field socketField = RedisStandaloneConnection.class.getDeclaredField("netSocket");
            socketField.setAccessible(true);
            if (!(socketField.get(standalone) instanceof NetSocketInternal socket)) {
                unavailable("socket is not a NetSocketInternal");
                return;
            }
            ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
            if (pipeline.get(NAME) == null) {
                // first in the pipeline: every flush the client makes passes it on its way to the socket
                pipeline.addFirst(NAME, new FlushConsolidationHandler(MOST_HELD, true));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable(e.toString());
        }
    }

    private static void unavailable(String why) {
        if (!warned) {
            warned = true;
            log.warn("event=redis_flush_coalescing_unavailable reason=\"{}\" (one send per Redis command)", why);
        }
    }
}
