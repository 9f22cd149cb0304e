package io.dareg.core.model;

/** The three data rights of 数据二十条: every registration names exactly one. */
public enum RightType {
  /** Holding the data resource: manage, use, profit from and dispose of it. */
  HOLDING("数据资源持有权"),
  /** Processing and using the data within an authorised scope. */
  PROCESSING_USE("数据加工使用权"),
  /** Operating a data product derived from the data. */
  PRODUCT_OPERATION("数据产品经营权");

  private final String label;

  RightType(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
