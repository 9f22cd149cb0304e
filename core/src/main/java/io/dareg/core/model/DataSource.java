package io.dareg.core.model;

/** Where the data comes from. */
public enum DataSource {
  /** Personal data. */
  PERSONAL("个人数据"),
  /** Enterprise data. */
  ENTERPRISE("企业数据"),
  /** Public data. */
  PUBLIC("公共数据"),
  /** Government data. */
  GOVERNMENT("政务数据");

  private final String label;

  DataSource(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
