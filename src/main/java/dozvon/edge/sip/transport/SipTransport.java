package dozvon.edge.sip.transport;

import dozvon.edge.sip.codec.ParseResult;
import dozvon.edge.sip.codec.ReceivedDatagram;
import dozvon.edge.sip.codec.SipDatagramDecoder;
import dozvon.edge.sip.codec.SipParser;
import dozvon.edge.sip.codec.SipStreamDecoder;
import dozvon.edge.sip.codec.SipStreamEvent;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.message.Via;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.TransactionTransport;
import dozvon.edge.sip.transaction.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannelConfig;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * SIP over UDP and TCP on one port (RFC 3261 §18), on Netty channels registered on one Vert.x event loop:
 * everything the SIP stack does runs on that single thread, inside its Vert.x context, so timers and store
 * callbacks come back to it without locks.
 *
 * <p>Inbound: a per-source rate limit before parsing (trusted trunk sources exempt), the codec, Via
 * {@code received}/{@code rport} stamping (RFC 3581), then the listener. Unparseable requests get the status
 * the codec chose; garbage is dropped. Outbound: UDP to the address given; TCP over the connection a request
 * came in on, else a reused or new connection to the destination (RFC 3261 §18.2.2).
 */
public final class SipTransport implements TransactionTransport {

    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;
    /**
     * Every datagram is read whole: the largest UDP payload fits. Netty's default read buffer (2 KB) cut a
     * larger INVITE (a rich SDP, PBX headers) short, and it got 400 for its Content-Length.
     */
    private static final int LARGEST_DATAGRAM = 65_535;
    /** Datagrams read per turn of the loop before its tasks and timers run (Netty's default for UDP). */
    private static final int DATAGRAMS_PER_READ = 16;
    /** Datagrams one recvmmsg(2) may return, on epoll: each has a whole {@link #LARGEST_DATAGRAM} slot. */
    private static final int DATAGRAMS_PER_SYSCALL = 16;

    /** Tunables from {@code sip.*} config. */
    public record Settings(String host, int port, int tcpIdleSeconds, SipParser parser) {}

    private final VertxInternal vertx;
    private final ContextInternal context;
    private final Settings settings;
    private final SourceRateLimiter limiter;
    private final Predicate<InetAddress> trusted;
    private final SipTransportListener listener;
    private final Map<InetSocketAddress, Channel> tcpConnections = new HashMap<>();
    private final Map<InetSocketAddress, Queue<ByteBuf>> pendingConnects = new HashMap<>();

    /** Replaced with each UDP channel; this one answers 0 until the first is bound. */
    private volatile ReadBacklog udpBacklog = new ReadBacklog(System::nanoTime);
    private DatagramChannel udp;
    private Channel tcpServer;
    private long evictTimer = -1;

    public SipTransport(VertxInternal vertx, ContextInternal context, Settings settings, SourceRateLimiter limiter,
                        Predicate<InetAddress> trusted, SipTransportListener listener) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.limiter = limiter;
        this.trusted = trusted;
        this.listener = listener;
    }

    /** How long the UDP socket has held datagrams not read yet (0: the last read emptied it); any thread. */
    public long udpBacklogNanos() {
        return udpBacklog.backlogNanos();
    }

    private EventLoop loop() {
        return context.nettyEventLoop();
    }

    /**
     * Binds UDP, then TCP on the same port. Port 0 picks a free one for both: the kernel picks a free UDP port,
     * and when another process holds TCP on that number the pick is tried again (a few times).
     */
    public Future<Integer> bind() {
        Promise<Integer> bound = context.promise();
        bindUdp(bound, settings.port() == 0 ? FREE_PORT_TRIES : 1);
        return bound.future().onSuccess(p -> evictTimer = context.setPeriodic(60_000, id ->
                limiter.evictIdle(System.nanoTime())));
    }

    private static final int FREE_PORT_TRIES = 10;

    private void bindUdp(Promise<Integer> bound, int triesLeft) {
        new Bootstrap()
                .group(loop())
                .channelFactory(() -> vertx.transport().datagramChannel())
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(ChannelOption.SO_SNDBUF, RECEIVE_BUFFER)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        readWholeDatagrams(ch);
                        // a channel of its own: a retried bind makes another channel
                        udpBacklog = new ReadBacklog(System::nanoTime);
                        ch.pipeline().addLast("backlog", udpBacklog);
                        // Every message used to cost its own sendto(2), a fifth of the SIP loop under load: answers
                        // written while a batch of datagrams is read go out together at the batch's end (one
                        // sendmmsg), and writes from timers and store answers at the end of the loop's turn.
                        ch.pipeline().addLast("flushes", new FlushConsolidationHandler(64, true));
                        ch.pipeline().addLast("limit", new DatagramRateLimit());
                        ch.pipeline().addLast("decode", new SipDatagramDecoder(settings.parser()));
                        ch.pipeline().addLast("inbound", new DatagramInbound());
                    }
                })
                .bind(settings.host(), settings.port())
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        bound.fail(new TransportException("cannot bind UDP " + settings.host() + ":" + settings.port()
                                + ": " + f.cause().getMessage()));
                        return;
                    }
                    udp = (DatagramChannel) f.channel();
                    int port = ((InetSocketAddress) udp.localAddress()).getPort();
                    Integer granted = udp.config().getOption(ChannelOption.SO_RCVBUF);
                    if (granted != null && granted < RECEIVE_BUFFER) {
                        log.warn("event=sip_rcvbuf_small granted={} asked={} hint=\"raise net.core.rmem_max\"",
                                granted, RECEIVE_BUFFER);
                    }
                    bindTcp(port, bound, triesLeft);
                });
    }

    private void bindTcp(int port, Promise<Integer> bound, int triesLeft) {
        new ServerBootstrap()
                .group(loop(), loop())
                .channelFactory(vertx.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initStream(ch);
                    }
                })
                .bind(settings.host(), port)
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        udp.close().addListener(closed -> {
                            if (triesLeft > 1) {
                                log.debug("event=sip_port_retry port={} reason=\"TCP taken\"", port);
                                bindUdp(bound, triesLeft - 1);
                            } else {
                                bound.fail(new TransportException("cannot bind TCP " + settings.host() + ":" + port
                                        + ": " + f.cause().getMessage()));
                            }
                        });
                        return;
                    }
                    tcpServer = f.channel();
                    log.info("event=sip_listening host={} port={} transports=udp,tcp", settings.host(), port);
                    bound.complete(port);
                });
    }

    private void initStream(Channel ch) {
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.tcpIdleSeconds(), TimeUnit.SECONDS));
        ch.pipeline().addLast("decode", new SipStreamDecoder(settings.parser()));
        ch.pipeline().addLast("inbound", new StreamInbound());
    }

    public int port() {
        return udp == null ? -1 : ((InetSocketAddress) udp.localAddress()).getPort();
    }

    /**
     * How the socket reads: {@link #DATAGRAMS_PER_READ} datagrams per turn of the loop, each whole. On epoll one
     * recvmmsg(2) reads up to {@link #DATAGRAMS_PER_SYSCALL} of them into slots of a larger buffer, where recvmsg(2)
     * read one per system call: under load a turn finds many waiting. Other transports read one at a time.
     */
    private static void readWholeDatagrams(DatagramChannel ch) {
        if (ch.config() instanceof EpollDatagramChannelConfig epoll) {
            epoll.setMaxDatagramPayloadSize(LARGEST_DATAGRAM);
            epoll.setRecvByteBufAllocator(new FixedRecvByteBufAllocator(LARGEST_DATAGRAM * DATAGRAMS_PER_SYSCALL)
                    .maxMessagesPerRead(DATAGRAMS_PER_READ));
        } else {
            ch.config().setRecvByteBufAllocator(
                    new FixedRecvByteBufAllocator(LARGEST_DATAGRAM).maxMessagesPerRead(DATAGRAMS_PER_READ));
        }
    }

    // ------------------------------------------------------------------------------------------ inbound

    /** Drops packets over a source's budget before the parser spends anything on them. */
    private final class DatagramRateLimit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            InetAddress from = packet.sender().getAddress();
            if (!trusted.test(from) && !limiter.tryAcquire(from, System.nanoTime())) {
                packet.release();
                listener.onRateLimited(Destination.udp(hostOf(packet.sender()), packet.sender().getPort()));
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class DatagramInbound extends SimpleChannelInboundHandler<ReceivedDatagram> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ReceivedDatagram d) {
            Destination source = Destination.udp(hostOf(d.sender()), d.sender().getPort());
            context.emit(d.result(), result -> handle(result, source));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("event=sip_udp_error error=\"{}\"", cause.toString());
        }
    }

    private final class StreamInbound extends ChannelInboundHandlerAdapter {
        private Destination source;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            source = Destination.tcp(hostOf(remote), remote.getPort()).withConnection(ctx.channel());
            tcpConnections.put(remote, ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            tcpConnections.remove((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel());
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == SipStreamEvent.KEEP_ALIVE_PING) {
                ctx.writeAndFlush(SipStreamEvent.keepAlivePong(ctx.alloc()));
                return;
            }
            if (msg == SipStreamEvent.CLOSE_CONNECTION) {
                ctx.close();
                return;
            }
            InetAddress from = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            if (!trusted.test(from) && !limiter.tryAcquire(from, System.nanoTime())) {
                listener.onRateLimited(source);
                return;
            }
            context.emit((ParseResult) msg, result -> handle(result, source));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close(); // idle connections are closed; a phone or trunk reconnects when it needs to
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("event=sip_tcp_error remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private void handle(ParseResult result, Destination source) {
        if (result instanceof ParseResult.Parsed p) {
            SipMessage m = p.message();
            if (m instanceof SipRequest req) {
                m = stampVia(req, source);
            }
            listener.onMessage(m, source);
        } else if (result instanceof ParseResult.Invalid inv) {
            listener.onParseError(inv.reason(), source);
            if (inv.answerable()) {
                answerInvalid(inv, source);
            }
        } else if (result instanceof ParseResult.Garbage g) {
            listener.onParseError(g.why(), source);
        }
    }

    private void answerInvalid(ParseResult.Invalid inv, Destination source) {
        try {
            SipRequest partial = inv.partialRequest();
            if (partial.isMethod(SipRequest.ACK)) {
                return; // never answer an ACK
            }
            SipResponse r = SipResponse.forRequest(partial, inv.statusCode(), inv.reason());
            send(r, source, () -> { });
        } catch (RuntimeException e) {
            // Not enough of the request survived to address a response: drop it (RFC 3261 §18.3 allows that).
            log.debug("event=sip_unanswerable_request source={} error=\"{}\"", source, e.toString());
        }
    }

    /**
     * RFC 3261 §18.2.1 and RFC 3581: note where the request really came from, so responses find their way
     * back through NAT.
     */
    private static SipRequest stampVia(SipRequest req, Destination source) {
        try {
            Via via = req.topVia();
            if (via == null) {
                return req;
            }
            boolean wantsRport = via.hasRport();
            boolean hostDiffers = !via.host().equalsIgnoreCase(source.host())
                    && !("[" + source.host() + "]").equalsIgnoreCase(via.host());
            if (!wantsRport && !hostDiffers) {
                return req;
            }
            Via stamped = via.withParam("received", source.host());
            if (wantsRport) {
                stamped = stamped.withParam("rport", String.valueOf(source.port()));
            }
            return req.replacingTopVia(stamped); // replace, not push
        } catch (SipSyntaxException | IllegalArgumentException e) {
            return req;
        }
    }

    private static String hostOf(InetSocketAddress a) {
        InetAddress addr = a.getAddress();
        return addr == null ? a.getHostString() : addr.getHostAddress();
    }

    // ----------------------------------------------------------------------------------------- outbound

    @Override
    public void send(SipMessage message, Destination destination) {
        send(message, destination, () -> {
            throw new TransportException("cannot send to " + destination);
        });
    }

    @Override
    public void send(SipMessage message, Destination destination, Runnable onFailure) {
        if (!loop().inEventLoop()) {
            loop().execute(() -> send(message, destination, onFailure));
            return;
        }
        InetSocketAddress to;
        try {
            to = resolved(destination);
        } catch (RuntimeException e) {
            onFailure.run();
            return;
        }
        listener.onSent(message);
        if (destination.transport() == Destination.Transport.UDP) {
            if (udp == null || !udp.isActive()) {
                onFailure.run();
                return;
            }
            udp.writeAndFlush(new DatagramPacket(message.encode(udp.alloc()), to))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            context.emit(v -> onFailure.run());
                        }
                    });
            return;
        }
        Channel ch = destination.connection() instanceof Channel c && c.isActive() ? c : tcpConnections.get(to);
        if (ch != null && ch.isActive()) {
            write(ch, message.encode(ch.alloc()), onFailure);
            return;
        }
        connectAndWrite(to, message.encode(ByteBufAllocator.DEFAULT), onFailure); // released if the connect fails
    }

    /** Destinations carry IP literals in practice (Via received, registered source, trunk outbound). */
    private static InetSocketAddress resolved(Destination d) {
        String host = d.host().startsWith("[") ? d.host().substring(1, d.host().length() - 1) : d.host();
        if (!isIpLiteral(host)) {
            // Resolving here would block the event loop; trunks and contacts must be configured by address.
            throw new TransportException("not an IP address: " + d.host());
        }
        return new InetSocketAddress(io.netty.util.NetUtil.createInetAddressFromIpAddressString(host), d.port());
    }

    private static boolean isIpLiteral(String host) {
        return io.netty.util.NetUtil.isValidIpV4Address(host) || io.netty.util.NetUtil.isValidIpV6Address(host);
    }

    private void write(Channel ch, ByteBuf encoded, Runnable onFailure) {
        ch.writeAndFlush(encoded).addListener(f -> {
            if (!f.isSuccess()) {
                context.emit(v -> onFailure.run());
            }
        });
    }

    private void connectAndWrite(InetSocketAddress to, ByteBuf buf, Runnable onFailure) {
        Queue<ByteBuf> waiting = pendingConnects.get(to);
        if (waiting != null) {
            waiting.add(buf); // a connection to this peer is on its way: queue behind it, in order
            return;
        }
        Queue<ByteBuf> queue = new ArrayDeque<>();
        queue.add(buf);
        pendingConnects.put(to, queue);
        new Bootstrap()
                .group(loop())
                .channelFactory(vertx.transport().channelFactory(false))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initStream(ch);
                    }
                })
                .connect(to)
                .addListener((ChannelFuture f) -> {
                    Queue<ByteBuf> q = pendingConnects.remove(to);
                    if (!f.isSuccess()) {
                        q.forEach(ByteBuf::release);
                        context.emit(v -> onFailure.run());
                        return;
                    }
                    for (ByteBuf b : q) {
                        f.channel().write(b);
                    }
                    f.channel().flush();
                });
    }

    public Future<Void> close() {
        if (evictTimer >= 0) {
            vertx.cancelTimer(evictTimer);
        }
        Promise<Void> done = Promise.promise();
        loop().execute(() -> {
            tcpConnections.values().forEach(Channel::close);
            if (tcpServer != null) {
                tcpServer.close();
            }
            if (udp != null) {
                udp.close().addListener(f -> done.complete());
            } else {
                done.complete();
            }
        });
        return done.future();
    }
}
