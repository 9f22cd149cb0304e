package io.dareg.gateway.ledger;

import io.dareg.chaincode.registry.RuleException;

/** The rules refused the transaction; nothing was written. */
public final class RefusedException extends LedgerException {
  private static final long serialVersionUID = 1L;

  private final RuleException.Code code;
  private final String field;

  /** A refusal with the rule's code, the field at fault (or null) and its message. */
  public RefusedException(RuleException.Code code, String field, String message) {
    super(message, null);
    this.code = code;
    this.field = field;
  }

  /** From the rules' own exception. */
  public static RefusedException of(RuleException e) {
    return new RefusedException(e.code(), e.field(), e.getMessage());
  }

  /** NOT_FOUND, CONFLICT, FORBIDDEN or INVALID. */
  public RuleException.Code code() {
    return code;
  }

  /** The field at fault for INVALID, else null. */
  public String field() {
    return field;
  }
}
