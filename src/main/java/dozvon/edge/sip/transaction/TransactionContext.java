package dozvon.edge.sip.transaction;

/** What every transaction of one layer shares. */
record TransactionContext(TransactionTransport transport, TimerScheduler scheduler, TransactionTimers timers,
                          TransactionMetrics metrics) {

    TransactionTimer timer(String letter) {
        return new TransactionTimer(letter, scheduler);
    }
}
