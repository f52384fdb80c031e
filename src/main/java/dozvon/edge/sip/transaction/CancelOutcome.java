package dozvon.edge.sip.transaction;

/** What {@link TransactionLayer#cancel} did with a request to cancel an INVITE (RFC 3261 §9.1). */
public enum CancelOutcome {
    /** A provisional response had arrived: the CANCEL went out. */
    SENT,
    /** No provisional response yet: the CANCEL goes out with the first one, unless a final comes first. */
    DEFERRED_UNTIL_PROVISIONAL,
    /** The TU had already asked; nothing more was done. */
    ALREADY_REQUESTED,
    /** A final response has arrived (or the transaction ended): nothing left to cancel. */
    TOO_LATE
}
