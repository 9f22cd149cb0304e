package io.dareg.core.model;

import java.time.Instant;

/**
 * A co-holder's consent to a transfer, pledge, licence or trust of a jointly held asset: every
 * co-holder must consent before the act completes (REQUIREMENTS §9, co-holders).
 *
 * @param account the consenting holder's account
 * @param at when the consent was recorded (the transaction's time)
 */
public record Consent(String account, Instant at) {
  /** Validates every field. */
  public Consent {
    account = Require.identifier("account", account);
    Require.present("at", at);
  }
}
