/**
 * The SIP transaction layer (RFC 3261 §17, with the INVITE fixes of RFC 6026).
 *
 * <p>Four state machines, one file each: {@link dozvon.edge.sip.transaction.InviteClientTransaction},
 * {@link dozvon.edge.sip.transaction.NonInviteClientTransaction},
 * {@link dozvon.edge.sip.transaction.InviteServerTransaction} and
 * {@link dozvon.edge.sip.transaction.NonInviteServerTransaction}. Their timers carry the RFC letters
 * (A–M). {@link dozvon.edge.sip.transaction.TransactionLayer} holds them, matches incoming messages to
 * them (§17.1.3, §17.2.3 including the RFC 2543 fallback) and hands new requests and stray messages to
 * the transaction user (dialog / B2BUA layer).
 *
 * <h2>Threading</h2>
 * Nothing here is thread-safe, on purpose: a {@code TransactionLayer}, its transactions, its
 * {@link dozvon.edge.sip.transaction.TimerScheduler} and the callbacks it makes all run on one Vert.x
 * event loop (one context). Transport code that completes writes on another thread (a Netty channel's
 * own loop) must hop back to that context before calling {@code receive} or a send-failure callback.
 * There is no shared mutable static state, so several layers (one per event loop) can live side by side.
 *
 * <h2>No I/O</h2>
 * The layer only talks to {@link dozvon.edge.sip.transaction.TransactionTransport} and
 * {@link dozvon.edge.sip.transaction.TimerScheduler}, so tests run it on a virtual clock with a
 * recording transport.
 */
package dozvon.edge.sip.transaction;
