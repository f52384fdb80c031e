package dozvon.app;

import dozvon.core.chain.CallCommand;
import dozvon.core.customer.PersonalManagerRule;
import dozvon.core.port.CallOutcomeListener;
import dozvon.core.port.Customers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Makes the first agent who talked to a caller their personal manager, once the call's record is durable.
 * Asynchronous and best effort: a failure is logged, and the next answered call of that caller tries again.
 */
final class PersonalManagerListener implements CallOutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(PersonalManagerListener.class);

    private final Customers customers;
    private final Clock clock;

    PersonalManagerListener(Customers customers, Clock clock) {
        this.customers = customers;
        this.clock = clock;
    }

    @Override
    public void ended(CallCommand.Record record) {
        PersonalManagerRule.proposalFor(record.call()).ifPresent(p ->
                customers.assignIfNone(p.phone(), p.agentId(), clock.instant()).whenComplete((set, err) -> {
                    if (err != null) {
                        log.warn("event=personal_manager_failed callId={} error=\"{}\"", record.call().callId(),
                                err.toString());
                    } else if (Boolean.TRUE.equals(set)) {
                        log.info("event=personal_manager_set callId={} phone={} agent={}", record.call().callId(),
                                p.phone(), p.agentId());
                    }
                }));
    }
}
