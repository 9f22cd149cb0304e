package io.dareg.core.model;

/** The other rights (他项权益) recorded against a registered asset. */
public enum EncumbranceKind {
  /** A pledge (质押) securing financing. */
  PLEDGE("质押"),
  /** A licence (许可) to use the data. */
  LICENCE("许可"),
  /** A trust (信托). */
  TRUST("信托");

  private final String label;

  EncumbranceKind(String label) {
    this.label = label;
  }

  /** The Chinese name printed on the encumbrance page. */
  public String label() {
    return label;
  }
}
