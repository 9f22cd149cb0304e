package io.dareg.core.model;

/** Where a pledge, licence or trust stands. */
public enum EncumbranceStatus {
  /** Filed by a co-holder of a jointly held asset; not in force until every co-holder consents. */
  PENDING_CONSENT,
  /** In force. */
  IN_FORCE,
  /** Released, or withdrawn before every co-holder consented. */
  RELEASED
}
