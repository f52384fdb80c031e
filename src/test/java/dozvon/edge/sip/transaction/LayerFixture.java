package dozvon.edge.sip.transaction;

import java.util.concurrent.atomic.AtomicInteger;

/** A layer wired to a virtual clock, a recording transport and a recording TU. */
abstract class LayerFixture {
    final VirtualClock clock = new VirtualClock();
    final RecordingTransport transport = new RecordingTransport(clock);
    final RecordingHandler handler = new RecordingHandler();
    final RecordingMetrics metrics = new RecordingMetrics();
    private final AtomicInteger branchCounter = new AtomicInteger();
    TransactionLayer layer = builder().build();

    TransactionLayer.Builder builder() {
        return TransactionLayer.builder(transport, clock, handler).metrics(metrics)
                .branches(() -> "z9hG4bK-gen-" + branchCounter.incrementAndGet());
    }
}
