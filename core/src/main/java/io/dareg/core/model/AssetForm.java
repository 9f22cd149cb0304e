package io.dareg.core.model;

/** Asset form (TJ-STD, GD, SZ). */
public enum AssetForm {
  /** A data set. */
  DATASET("数据集"),
  /** A data interface (API). */
  API("数据接口"),
  /** A data report. */
  REPORT("数据报告"),
  /** A data application. */
  APPLICATION("数据应用"),
  /** A data model or algorithm. */
  MODEL_ALGORITHM("数据模型算法"),
  /** A data indicator. */
  INDICATOR("数据指标"),
  /** Any other form. */
  OTHER("其他");

  private final String label;

  AssetForm(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
