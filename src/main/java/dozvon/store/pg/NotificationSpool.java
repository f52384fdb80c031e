package dozvon.store.pg;

import dozvon.core.port.Notification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Notifications queued while Postgres was away: JSON lines appended to {@code <dir>/notifications.jsonl} and
 * fsync'd before the enqueue counts as done, on a worker thread of its own (the approach of
 * {@link CallRecordSpool}). Replay renames the file to {@code replaying.jsonl}, enqueues every line, then deletes
 * it; since the outbox drops a known idempotency key, a replay cut short simply starts that file over, so no line
 * bookkeeping is needed. Lines Postgres refuses for what they are go to {@code rejected.jsonl} for a person.
 */
public final class NotificationSpool {

    private static final Logger log = LoggerFactory.getLogger(NotificationSpool.class);
    private static final String APPENDING = "notifications.jsonl";
    private static final String REPLAYING = "replaying.jsonl";
    private static final String REJECTED = "rejected.jsonl";

    private final Path dir;
    private final AtomicLong pending;
    private final WorkerExecutor io;

    /** @param dir {@code <data.dir>/notification-spool}; @param pending bound to a gauge by the app */
    public NotificationSpool(Vertx vertx, Path dir, AtomicLong pending) {
        this.dir = dir;
        this.pending = pending;
        this.io = vertx.createSharedWorkerExecutor("dozvon-notification-spool-" + dir.toAbsolutePath(), 1);
    }

    public Future<Void> open() {
        return io.executeBlocking(() -> {
            Files.createDirectories(dir);
            pending.set(lines(dir.resolve(REPLAYING)).size() + lines(dir.resolve(APPENDING)).size());
            if (pending.get() > 0) {
                log.info("event=notification_spool_found dir={} pending={}", dir, pending.get());
            }
            return null;
        });
    }

    public long pending() {
        return pending.get();
    }

    /** Appends and fsyncs; succeeds once the notification is on disk. */
    public Future<Void> append(Notification n) {
        String line = NotificationJson.toLine(n);
        return io.executeBlocking(() -> {
            // a torn tail from a crash mid-append only costs that line: starting each line on a fresh one keeps
            // the next readable, and the fragment lands in rejected.jsonl at replay
            write(dir.resolve(APPENDING), "\n" + line + "\n");
            pending.incrementAndGet();
            return null;
        });
    }

    /**
     * Enqueues everything spooled. Fails at the first transient failure (the rest stays for the next round).
     *
     * @return how many notifications left the spool
     */
    public Future<Integer> replay(Function<Notification, Future<Void>> enqueue) {
        return io.executeBlocking(this::linesToReplay)
                .compose(lines -> replayFrom(lines, 0, enqueue))
                .compose(done -> io.executeBlocking(() -> {
                    Files.deleteIfExists(dir.resolve(REPLAYING));
                    pending.set(lines(dir.resolve(APPENDING)).size());
                    return done;
                }));
    }

    public Future<Void> close() {
        return io.close();
    }

    private Future<Integer> replayFrom(List<String> lines, int index, Function<Notification, Future<Void>> enqueue) {
        if (index >= lines.size()) {
            return Future.succeededFuture(lines.size());
        }
        String line = lines.get(index);
        Future<Void> attempt;
        boolean readable;
        try {
            attempt = enqueue.apply(NotificationJson.fromLine(line));
            readable = true;
        } catch (RuntimeException unreadable) {
            attempt = Future.failedFuture(unreadable);
            readable = false;
        }
        boolean parsed = readable;
        return attempt
                .recover(e -> {
                    if (parsed && PgFailures.isTransient(e)) {
                        return Future.failedFuture(e);
                    }
                    log.error("event=notification_refused file={} error=\"{}\"", dir.resolve(REJECTED), e.toString());
                    return io.executeBlocking(() -> {
                        write(dir.resolve(REJECTED), "# " + Instant.now() + " " + e.toString().replace('\n', ' ')
                                + "\n" + line + "\n");
                        return null;
                    });
                })
                .compose(v -> replayFrom(lines, index + 1, enqueue));
    }

    private List<String> linesToReplay() throws IOException {
        Path replaying = dir.resolve(REPLAYING);
        Path appending = dir.resolve(APPENDING);
        if (!Files.exists(replaying) && Files.exists(appending)) {
            Files.move(appending, replaying, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        }
        return lines(replaying);
    }

    private static void write(Path file, String text) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(false);
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.getMessage());
        }
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
