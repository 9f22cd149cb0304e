package io.dareg.core.model;

/** The hash algorithms evidence may be fixed with; both produce 256-bit digests. */
public enum HashAlgorithm {
  /** SHA-256 (FIPS 180-4). */
  SHA256("SHA-256"),
  /** SM3 (GB/T 32905-2016), required by 商用密码管理条例. */
  SM3("SM3");

  private final String jcaName;

  HashAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** The algorithm's standard name, as the JCA knows it. */
  public String jcaName() {
    return jcaName;
  }
}
