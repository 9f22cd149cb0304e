package io.dareg.chaincode.profile;

/** Whether a period counts working days (official calendar) or natural days. */
public enum DayKind {
  /** Days on which government offices work: weekdays except holidays, plus swapped working days. */
  WORKING,
  /** Every calendar day. */
  NATURAL
}
