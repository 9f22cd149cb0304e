package io.dareg.core.model;

/** The kinds of document an application may rest on, kept off the ledger and referenced by hash (REQUIREMENTS.md §9). */
public enum AttachmentKind {
  /** The applicant's compliance undertaking (合规承诺, TJ-DIP). */
  COMPLIANCE_UNDERTAKING("合规承诺书"),
  /** The applicant's signed responsibility undertaking (责任承诺书, DL). */
  RESPONSIBILITY_UNDERTAKING("责任承诺书"),
  /** A compliance assessment report by a professional third party (GD; SZ substantive review material). */
  ASSESSMENT_REPORT("第三方评估报告"),
  /** A notarial certificate (公证书). */
  NOTARIAL_CERTIFICATE("公证书"),
  /** An agent's power of attorney (授权委托书). */
  POWER_OF_ATTORNEY("授权委托书");

  private final String label;

  AttachmentKind(String label) {
    this.label = label;
  }

  /** The Chinese name used in views and notices. */
  public String label() {
    return label;
  }
}
