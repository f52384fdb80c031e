package dozvon.core.port;

import dozvon.core.chain.CallCommand;

/**
 * Told about every call once it has ended and its record is durable (database or spool): callback tasks,
 * notifications and customer history hang off this. Called on the caller's thread (an event loop): listeners
 * must return at once and do their own I/O asynchronously.
 */
@FunctionalInterface
public interface CallOutcomeListener {

    void ended(CallCommand.Record record);
}
