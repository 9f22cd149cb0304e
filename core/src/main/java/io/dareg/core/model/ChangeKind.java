package io.dareg.core.model;

/** What an application to change an issued registration's data is (issue 20). */
public enum ChangeKind {
  /** 变更登记 (SZ, TJ-DIP; GD 变动登记): the registered data changed. */
  CHANGE("变更登记"),
  /** 更正登记: the registered data was wrong. */
  CORRECTION("更正登记");

  private final String label;

  ChangeKind(String label) {
    this.label = label;
  }

  /** The name the measures use. */
  public String label() {
    return label;
  }
}
