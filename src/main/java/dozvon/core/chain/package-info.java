/**
 * A call's forwarding chain as a pure state machine.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@link dozvon.core.chain.CallMachine}: the entry point, {@code next(state, event) -> (state, commands)};
 *       what each event means in each phase (answer, failure, hang-up, timer, take from the screen pop).</li>
 *   <li>{@link dozvon.core.chain.ChainRunner}: where a call rings the next manager: starting a step, claiming
 *       its agents, ringing them, moving on when the step is over, resuming after a failed take.</li>
 *   <li>{@link dozvon.core.chain.CallEnding}: the one place a call ends: final response, record, console event.</li>
 *   <li>{@link dozvon.core.chain.CallEvent} / {@link dozvon.core.chain.CallCommand}: what goes in and out.</li>
 *   <li>{@link dozvon.core.chain.CallRecord}, {@link dozvon.core.chain.Leg}, {@link dozvon.core.chain.StepTrace}:
 *       what is stored when the call ends.</li>
 * </ul>
 *
 * <h2>The shell's side of the bargain</h2>
 * <ol>
 *   <li>Create the state with {@code CallMachine.newCall(InboundCall)} and feed {@code Offered} (or
 *       {@code Refused(code, reason)} for calls the edge turns away: they are recorded the same way).</li>
 *   <li>Run every command of a transition, in order, and keep the new state. Feed events for one call one at
 *       a time, each stamped with the time it happened.</li>
 *   <li>{@code ClaimTargets}: claim in presence and always answer with {@code TargetsClaimed} carrying the
 *       command's {@code stepIndex} and {@code attempt}, even when nothing was claimed or the store failed
 *       (empty lists): a step waits for that answer or for its timer.</li>
 *   <li>Number targets ({@code head-mobile}, {@code number:}) are not claimed: the machine rings them directly.</li>
 *   <li>{@code StartTimer}: deliver {@code TimerFired(id, generation)} after the duration. No cancelling is
 *       needed; superseded timers are recognised by their generation and change nothing.</li>
 *   <li>{@code AgentTook}: claim the taker first ({@code PresenceStore.claimForTake}); the machine then owns
 *       that claim and releases it even when it turns the take down.</li>
 *   <li>{@code ReleaseAgent} comes exactly once for every agent claimed for the call (by a claim or a take).</li>
 * </ol>
 *
 * <h2>Choices worth knowing</h2>
 * <ul>
 *   <li>A step's timer starts when the step starts (claim included), so a slow claim eats into the step.</li>
 *   <li>A leg cancelled because its step ran out is recorded {@code no_answer}; one cancelled for any other
 *       reason (another leg won, caller left, an agent took the call) {@code cancelled}.</li>
 *   <li>An agent is never rung twice by the chain. The one exception is a take from the screen pop: the taker
 *       gets an auto-answer leg even if the chain rang them before (they asked for it). Never two open legs to
 *       one agent.</li>
 *   <li>A failed take resumes the interrupted step for the time it had left (claiming afresh, so everyone
 *       already rung counts as tried), or the next step if that time is up.</li>
 *   <li>Outside hours: the off-hours chain if there is one; unanswered (or no chain) is {@code off_hours};
 *       answered is {@code answered} with {@code offHours} set; a hang-up is {@code abandoned}.</li>
 *   <li>The record is emitted once, when the call ends; calls in flight are not in the database.</li>
 * </ul>
 */
package dozvon.core.chain;
