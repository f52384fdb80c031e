package dozvon.core.chain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a forwarding chain: whom to ring and for how long. The length is either a number of
 * ring cycles ({@code rings x telephony.ringSeconds}) or plain seconds, as configured.
 */
public record ChainStep(StepTarget target, Duration length) {

    public ChainStep {
        Objects.requireNonNull(target, "target");
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("step length must be positive");
        }
    }

    public static ChainStep ofRings(StepTarget target, int rings, Duration ringCycle) {
        return new ChainStep(target, ringCycle.multipliedBy(rings));
    }

    public static ChainStep ofSeconds(StepTarget target, int seconds) {
        return new ChainStep(target, Duration.ofSeconds(seconds));
    }

    /** The contract's default chain: own manager 3 rings, next free manager 2 rings, then the head's mobile 30 s. */
    public static List<ChainStep> defaultChain(Duration ringCycle) {
        return List.of(
                ofRings(new StepTarget.PersonalOrNext(), 3, ringCycle),
                ofRings(new StepTarget.Next(), 2, ringCycle),
                ofSeconds(new StepTarget.HeadMobile(), 30));
    }
}
