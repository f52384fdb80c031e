package dozvon.core.port;

import dozvon.core.chain.CallEvent;

/**
 * Where the edges report what happened to a call (leg responses, caller CANCEL/BYE, timers, claims). The shell
 * behind it runs {@code CallMachine.next} for the call, one event at a time per call.
 */
@FunctionalInterface
public interface CallEventSink {

    /** Unknown call ids are dropped (the call ended and was forgotten); late 200s are the edge's to BYE then. */
    void deliver(String callId, CallEvent event);
}
