package dozvon.core.chain;

/** Whom a leg rings: an agent's phone (claimed in presence) or a plain number through the trunk (no claim). */
public enum LegKind {
    AGENT,
    NUMBER
}
