package io.dareg.core.model;

/** How often the data is updated. */
public enum UpdateFrequency {
  /** Updated as events occur. */
  REAL_TIME("即时"),
  /** Updated daily. */
  DAILY("日"),
  /** Updated monthly. */
  MONTHLY("月"),
  /** Another frequency, described in words. */
  CUSTOM("自定义");

  private final String label;

  UpdateFrequency(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
