package io.dareg.core.api;

import io.dareg.core.model.CertificateRecord;
import io.dareg.core.model.ChangeApplication;
import io.dareg.core.model.Encumbrance;
import io.dareg.core.model.Objection;
import io.dareg.core.model.Registration;
import io.dareg.core.model.RegistrationStatus;
import io.dareg.core.model.Transfer;
import java.util.List;

/**
 * A registration with everything a reader needs to judge it: its status as of the query's time,
 * the certificate in force, encumbrances in force, pending objections and any open transfer.
 *
 * @param registration the stored record
 * @param effectiveStatus the status as of the query (the recorded status; deemed withdrawal applied)
 * @param certificate the certificate in force, or null
 * @param encumbrances the encumbrances in force
 * @param objections the pending objections
 * @param pendingTransfer a transfer proposed and not yet answered, or null
 * @param pendingEncumbrances pledges, licences and trusts filed by a co-holder and waiting for the
 *     other co-holders' consent (not in force)
 * @param validityEnded issue 20: recorded ISSUED but its validity ended; the next sweep records the expiry
 * @param pendingChange issue 20: the change or correction application under review, or null
 */
public record RegistrationView(
    Registration registration,
    RegistrationStatus effectiveStatus,
    CertificateRecord certificate,
    List<Encumbrance> encumbrances,
    List<Objection> objections,
    Transfer pendingTransfer,
    List<Encumbrance> pendingEncumbrances,
    // issue 20: after issue
    boolean validityEnded,
    ChangeApplication pendingChange) {
  /** Defensive copies. */
  public RegistrationView {
    encumbrances = List.copyOf(encumbrances);
    objections = List.copyOf(objections);
    pendingEncumbrances = pendingEncumbrances == null ? List.of() : List.copyOf(pendingEncumbrances);
  }

  /** A view with nothing pending, the validity not ended. */
  public RegistrationView(
      Registration registration, RegistrationStatus effectiveStatus, CertificateRecord certificate,
      List<Encumbrance> encumbrances, List<Objection> objections, Transfer pendingTransfer) {
    this(registration, effectiveStatus, certificate, encumbrances, objections, pendingTransfer, List.of(), false, null);
  }
}
