package dozvon.app;

import dozvon.core.chain.CallCommand;
import dozvon.core.port.CallOutcomeListener;
import dozvon.core.port.CallRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Call records as the call path writes them, and the capabilities living off ended calls (callback tasks,
 * notifications, customers) told once a record is in Postgres ({@link #tell}, wired to
 * {@code PgCallRecords.onStored}): a record written during an outage waits in the spool, and so does what hangs
 * off it. A listener that throws is logged and does not affect the others or the record.
 */
final class ObservedCallRecords implements CallRecords {

    private static final Logger log = LoggerFactory.getLogger(ObservedCallRecords.class);

    private final CallRecords records;
    private final List<CallOutcomeListener> listeners = new CopyOnWriteArrayList<>();

    ObservedCallRecords(CallRecords records) {
        this.records = records;
    }

    void listen(CallOutcomeListener listener) {
        listeners.add(listener);
    }

    @Override
    public CompletionStage<Void> write(CallCommand.Record record) {
        return records.write(record);
    }

    void tell(CallCommand.Record record) {
        for (CallOutcomeListener l : listeners) {
            try {
                l.ended(record);
            } catch (RuntimeException e) {
                log.warn("event=call_listener_failed callId={} error=\"{}\"", record.call().callId(), e.toString());
            }
        }
    }
}
