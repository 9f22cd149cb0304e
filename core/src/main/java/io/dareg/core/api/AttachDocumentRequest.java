package io.dareg.core.api;

import io.dareg.core.model.Attachment;
import io.dareg.core.model.Require;

/**
 * A holder adds a document reference to an application before issue.
 *
 * @param regNo the registration
 * @param attachment the document's kind, issuer, hash and date
 */
public record AttachDocumentRequest(String regNo, Attachment attachment) {
  /** Validates every field. */
  public AttachDocumentRequest {
    regNo = Require.identifier("regNo", regNo);
    Require.present("attachment", attachment);
  }
}
