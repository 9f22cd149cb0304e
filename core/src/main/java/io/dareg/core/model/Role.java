package io.dareg.core.model;

/** What an identity may do: checked by the gateway and again by the rules on the ledger. */
public enum Role {
  /** Registry staff: open accounts, review, publish notices, issue, renew, revoke, cancel. */
  REGISTRAR("登记机构"),
  /** A third-party reviewer that records substantive review opinions. */
  REVIEWER("第三方服务机构"),
  /** An enterprise, person or public body that registers and holds data assets. */
  HOLDER("登记主体"),
  /** A data exchange: listing checks, trades and deliveries. */
  EXCHANGE("数据交易所"),
  /** A regulator, court or notary: reads everything and may order revocation. */
  REGULATOR("监管机构");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  /** The Chinese name used in certificates and notices. */
  public String label() {
    return label;
  }
}
