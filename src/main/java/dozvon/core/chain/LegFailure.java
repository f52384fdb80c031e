package dozvon.core.chain;

/** Why the edge reports a leg as failed: busy (486/600), declined (603), failed (other errors, timeouts), no answer (408/480). */
public enum LegFailure {
    BUSY(LegResult.BUSY),
    DECLINED(LegResult.DECLINED),
    FAILED(LegResult.FAILED),
    NO_ANSWER(LegResult.NO_ANSWER);

    private final LegResult result;

    LegFailure(LegResult result) { this.result = result; }

    public LegResult result() { return result; }
}
