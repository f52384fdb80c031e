package dozvon.core.port;

import dozvon.core.chain.CallCommand;
import java.util.concurrent.CompletionStage;

/** Durable call history (Postgres, with a local spool while it is down). */
public interface CallRecords {

    /**
     * Stores an ended call: one {@code calls} row, one {@code call_legs} row per leg, and the routing trace.
     * Idempotent by call id (a replay after a spool or a retry writes nothing new). Completes when the record
     * is durable somewhere (database or spool); completes exceptionally only when neither is possible.
     */
    CompletionStage<Void> write(CallCommand.Record record);
}
