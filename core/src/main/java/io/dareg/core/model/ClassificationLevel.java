package io.dareg.core.model;

/** Data classification level (分类分级) under the Data Security Law. */
public enum ClassificationLevel {
  /** General data. */
  GENERAL("一般数据"),
  /** Important data. */
  IMPORTANT("重要数据"),
  /** Core data: refused for registration by the shipped profiles. */
  CORE("核心数据");

  private final String label;

  ClassificationLevel(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
