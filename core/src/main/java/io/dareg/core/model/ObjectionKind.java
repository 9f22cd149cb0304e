package io.dareg.core.model;

/** What an objection disputes. */
public enum ObjectionKind {
  /** Any ground other than ownership: the registry decides. */
  GENERAL,
  /** Ownership: the objector must show a court or arbitration filing within 15 days. */
  OWNERSHIP
}
