package io.dareg.core.model;

import java.time.LocalDate;

/**
 * A document an application rests on, referenced by its hash: the document itself stays in the
 * confidential store, off the ledger, and anyone holding it can check it against this reference.
 *
 * @param kind what the document is
 * @param issuer who issued or signed it (the applicant for an undertaking, the notary, the assessor)
 * @param algorithm SHA-256 or SM3
 * @param hash the document's hash, 64 hex characters
 * @param date the document's date
 */
public record Attachment(AttachmentKind kind, String issuer, HashAlgorithm algorithm, String hash, LocalDate date) {
  /** Validates every field. */
  public Attachment {
    Require.present("kind", kind);
    issuer = Require.text("issuer", issuer, 200);
    Require.present("algorithm", algorithm);
    hash = Require.hash("hash", hash);
    Require.present("date", date);
  }
}
