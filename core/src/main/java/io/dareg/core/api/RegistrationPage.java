package io.dareg.core.api;

import io.dareg.core.model.Registration;
import java.util.List;

/**
 * One page of registrations.
 *
 * @param items the registrations, in registration-number order
 * @param bookmark pass it back for the next page; empty when this is the last page
 */
public record RegistrationPage(List<Registration> items, String bookmark) {
  /** Defensive copy. */
  public RegistrationPage {
    items = List.copyOf(items);
  }
}
