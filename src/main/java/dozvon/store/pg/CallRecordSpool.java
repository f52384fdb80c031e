package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The durable local spool for call records while Postgres is away: JSON lines appended to
 * {@code <dir>/calls.jsonl} and fsync'd before the write counts as done. File work runs on one worker thread
 * of its own (never an event loop), so appends, rotation and reads never interleave.
 *
 * <p>Replay renames {@code calls.jsonl} to {@code replaying.jsonl} (new appends start a fresh file), inserts
 * its records one by one in order, then deletes it. A crash anywhere in between only means some records are
 * inserted again at the next start, which the idempotent inserts make harmless. Records Postgres refuses for
 * what they are (not for being down) go to {@code rejected.jsonl}, kept for a person to look at, so that one
 * bad record never blocks the ones behind it.
 */
public final class CallRecordSpool {

    private static final Logger log = LoggerFactory.getLogger(CallRecordSpool.class);
    private static final String APPENDING = "calls.jsonl";
    private static final String REPLAYING = "replaying.jsonl";
    private static final String REJECTED = "rejected.jsonl";

    private final Path dir;
    private final AtomicLong pending;
    private final WorkerExecutor io;
    /** Lines at the head of {@code replaying.jsonl} already in Postgres, so a resumed replay skips them. */
    private final AtomicInteger replayedLines = new AtomicInteger();

    // touched only on the io thread
    private FileChannel appendChannel;
    private boolean tornTail;

    /**
     * @param dir     {@code <data.dir>/spool}
     * @param pending the count of records waiting (bound by the app to {@code dozvon_cdr_spool_pending})
     */
    public CallRecordSpool(Vertx vertx, Path dir, AtomicLong pending) {
        this.dir = dir;
        this.pending = pending;
        this.io = vertx.createSharedWorkerExecutor("dozvon-spool-" + dir.toAbsolutePath(), 1);
    }

    /** Creates the directory and counts what an earlier run left behind. Call before anything else. */
    public Future<Void> open() {
        return io.executeBlocking(() -> {
            Files.createDirectories(dir);
            Path appending = dir.resolve(APPENDING);
            if (Files.exists(appending) && endsTorn(appending)) {
                tornTail = true; // a crash mid-append: the fragment gets a line of its own, replay rejects it
            }
            pending.set(records(dir.resolve(REPLAYING)).size() + records(appending).size());
            if (pending.get() > 0) {
                log.info("call record spool {} holds {} records from an earlier run", dir, pending.get());
            }
            return null;
        });
    }

    public long pending() {
        return pending.get();
    }

    /** Appends the record and fsyncs; the future succeeds once the record is on disk. */
    public Future<Void> append(CallCommand.Record record) {
        return io.executeBlocking(() -> {
            appendLine(CallRecordJson.toLine(record));
            pending.incrementAndGet();
            return null;
        });
    }

    /** Keeps a record Postgres refused outright (never replayed). */
    Future<Void> reject(CallCommand.Record record, Throwable why) {
        return io.executeBlocking(() -> {
            writeRejected(CallRecordJson.toLine(record), why);
            return null;
        });
    }

    /**
     * Inserts the spooled records in order. Stops at the first transient failure (the future fails; what was
     * inserted stays done); rejects records refused for what they are and goes on.
     *
     * @return how many records left the spool (inserted or rejected)
     */
    public Future<Integer> replay(Function<CallCommand.Record, Future<Void>> insert) {
        return io.executeBlocking(this::linesToReplay)
                .compose(lines -> replayFrom(lines, 0, insert, 0))
                .compose(done -> io.executeBlocking(() -> {
                    Files.deleteIfExists(dir.resolve(REPLAYING));
                    replayedLines.set(0);
                    syncDirectory();
                    return done;
                }));
    }

    public Future<Void> close() {
        return io.executeBlocking(() -> {
            closeAppendChannel();
            return null;
        }).<Void>mapEmpty().eventually(io::close);
    }

    private Future<Integer> replayFrom(List<String> lines, int index, Function<CallCommand.Record, Future<Void>> insert,
                                       int done) {
        if (index >= lines.size()) {
            return Future.succeededFuture(done);
        }
        String line = lines.get(index);
        Future<Void> attempt;
        CallCommand.Record record;
        try {
            record = CallRecordJson.fromLine(line);
            attempt = insert.apply(record);
        } catch (RuntimeException unreadable) {
            record = null;
            attempt = Future.failedFuture(unreadable);
        }
        CallCommand.Record parsed = record;
        return attempt
                .recover(e -> {
                    if (parsed != null && PgFailures.isTransient(e)) {
                        return Future.failedFuture(e);
                    }
                    log.error("call record refused, kept in {}: {}", dir.resolve(REJECTED), e.toString());
                    return io.executeBlocking(() -> {
                        writeRejected(line, e);
                        return null;
                    });
                })
                .compose(v -> {
                    replayedLines.incrementAndGet();
                    pending.decrementAndGet();
                    return replayFrom(lines, index + 1, insert, done + 1);
                });
    }

    /** On the io thread: the lines still to replay, rotating the append file first if nothing is in replay. */
    private List<String> linesToReplay() throws IOException {
        Path replaying = dir.resolve(REPLAYING);
        Path appending = dir.resolve(APPENDING);
        if (!Files.exists(replaying)) {
            replayedLines.set(0);
            if (!Files.exists(appending) || Files.size(appending) == 0) {
                return List.of();
            }
            closeAppendChannel();
            Files.move(appending, replaying, StandardCopyOption.ATOMIC_MOVE);
            tornTail = false;
            syncDirectory();
        }
        List<String> lines = records(replaying);
        return lines.subList(Math.min(replayedLines.get(), lines.size()), lines.size());
    }

    private void appendLine(String line) throws IOException {
        if (appendChannel == null) {
            Path file = dir.resolve(APPENDING);
            boolean created = !Files.exists(file);
            appendChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (created) {
                syncDirectory();
            }
        }
        String text = (tornTail ? "\n" : "") + line + "\n";
        try {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                appendChannel.write(bytes);
            }
            appendChannel.force(false);
            tornTail = false;
        } catch (IOException e) {
            tornTail = true; // part of the line may be on disk: start the next one on a line of its own
            closeAppendChannel();
            throw e;
        }
    }

    private void writeRejected(String line, Throwable why) throws IOException {
        String entry = "# " + Instant.now() + " " + String.valueOf(why).replace('\n', ' ') + "\n" + line + "\n";
        try (FileChannel ch = FileChannel.open(dir.resolve(REJECTED), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(entry.getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }

    private void closeAppendChannel() throws IOException {
        if (appendChannel != null) {
            appendChannel.close();
            appendChannel = null;
        }
    }

    /** Makes a created, renamed or deleted file's directory entry durable too. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.getMessage()); // not supported everywhere
        }
    }

    private static List<String> records(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static boolean endsTorn(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }
}
