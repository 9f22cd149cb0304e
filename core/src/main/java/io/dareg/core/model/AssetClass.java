package io.dareg.core.model;

/** Asset class (DL): resource, element or product. */
public enum AssetClass {
  /** Raw or organised data held as a resource. */
  DATA_RESOURCE("数据资源"),
  /** A processed, standardised data element. */
  DATA_ELEMENT("数据元件"),
  /** A data product offered to others. */
  DATA_PRODUCT("数据产品");

  private final String label;

  AssetClass(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
