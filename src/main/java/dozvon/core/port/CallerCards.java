package dozvon.core.port;

import dozvon.core.customer.CallerCard;

import java.util.concurrent.CompletionStage;

/**
 * The one lookup made when a call arrives: the caller's customer card and last calls. The SIP edge waits for
 * it only briefly and goes on with {@link CallerCard#UNKNOWN} when it is late, so an implementation need not
 * worry about timeouts, only about answering at all.
 */
public interface CallerCards {

    /** @param phone a canonical phone ({@code dozvon.core.customer.Phones}); @param calls at most this many past calls */
    CompletionStage<CallerCard> card(String phone, int calls);
}
