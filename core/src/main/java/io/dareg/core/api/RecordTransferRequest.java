package io.dareg.core.api;

import io.dareg.core.model.InvalidInputException;
import io.dareg.core.model.Require;
import io.dareg.core.model.TransferBasis;

/**
 * The registry records a unilateral transfer: inheritance, court judgment or name change.
 *
 * @param regNo the registration
 * @param basis INHERITANCE, COURT_JUDGMENT or NAME_CHANGE
 * @param to the account that receives the right
 * @param documentHash hash of the will, judgment or change record
 */
public record RecordTransferRequest(
    String regNo, TransferBasis basis, String to, String documentHash) {
  /** Validates every field. */
  public RecordTransferRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("basis", basis);
    if (!basis.unilateral()) {
      throw new InvalidInputException(
          "basis", "an agreement is proposed by the holder and accepted by the recipient");
    }
    to = Require.identifier("to", to);
    documentHash = Require.hash("documentHash", documentHash);
  }
}
