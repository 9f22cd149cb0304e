package io.dareg.core.model;

/** Who an account belongs to. */
public enum AccountKind {
  /** A company or other enterprise. */
  ENTERPRISE("企业"),
  /** A natural person. */
  PERSON("个人"),
  /** A public body. */
  PUBLIC_BODY("公共机构");

  private final String label;

  AccountKind(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
