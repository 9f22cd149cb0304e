package io.dareg.core.model;

/** How the holder came by the data. */
public enum AcquisitionMethod {
  /** Produced by the holder itself. */
  ORIGINAL("原始取得"),
  /** Collected from others under law. */
  COLLECTED("收集"),
  /** Obtained by authorisation of another right holder. */
  AUTHORISED("授权获得"),
  /** Any other lawful means. */
  OTHER("其他");

  private final String label;

  AcquisitionMethod(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
